import { registerEnumType } from 'type-graphql';

/** Whether an account is a person's or a machine's (a service account, which has no password). */
export enum UserKind {
  PERSON = 'PERSON',
  SERVICE_ACCOUNT = 'SERVICE_ACCOUNT',
}

registerEnumType(UserKind, {
  name: 'UserKind',
  description: 'What kind of account a user is.',
  valuesConfig: {
    PERSON: { description: 'A person, who signs in with a login and password.' },
    SERVICE_ACCOUNT: {
      description:
        'A machine (a scheduler, the simulation software): holds roles and API tokens, never signs in with a password.',
    },
  },
});
