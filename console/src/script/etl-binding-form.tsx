import { useMutation } from '@apollo/client/react';
import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { problemsFromError, type ApiProblem } from '../api/api-problem';
import { ProblemText } from '../api/problem-alert';
import type { ConsoleScriptQuery } from '../gql/graphql';
import { useSessionState } from '../session/session-context';
import { canChange } from '../session/permissions';
import { etlUpdate, fieldErrors, formValues, type EtlFormValues } from './etl-form-model';
import { UpdateScriptEtlMutation } from './script.operations';

const STAGES = ['EXTRACTOR', 'FIELD_RULE', 'ANONYMIZATION_RULE', 'TRANSFORMER', 'UPLOADER'];
const FIELD_RULE_TYPES = [
  'FILL_EMPTY',
  'IGNORE_EMPTY',
  'REMOVE_EMPTY',
  'FILL_OUT_OF_RANGE',
  'IGNORE_OUT_OF_RANGE',
  'REMOVE_OUT_OF_RANGE',
];
const FIELD_TYPES = ['INTEGER', 'DOUBLE', 'STRING'];
const ANONYMIZATION_TYPES = ['GENERALIZATION', 'SUPPRESSION', 'ANATOMIZATION', 'PERMUTATION', 'PERTURBATION'];
const TRANSFORMATION_TYPES = ['MERGE', 'UPDATE'];

/** The binding of a script to its ETL task and stage; only the chosen stage's settings show. */
export function EtlBindingForm({ script }: { script: ConsoleScriptQuery['script'] }) {
  const { user } = useSessionState();
  const [values, setValues] = useState<EtlFormValues>(() => formValues(script.etl));
  const [problems, setProblems] = useState<ApiProblem[]>([]);
  const [saved, setSaved] = useState(false);
  const [update, { loading }] = useMutation(UpdateScriptEtlMutation);
  const allowance = canChange(user, script.owner?.id);
  const { byControl, general } = fieldErrors(problems);
  const set = (name: keyof EtlFormValues) => (value: string | null) =>
    setValues((current) => ({ ...current, [name]: value ?? '' }));
  const text = (name: keyof EtlFormValues, label: string, description?: string) => (
    <TextInput
      label={label}
      description={description}
      value={values[name]}
      error={byControl[name]}
      onChange={(event) => set(name)(event.currentTarget.value)}
      disabled={!allowance.allowed}
    />
  );
  const choice = (name: keyof EtlFormValues, label: string, data: string[]) => (
    <Select
      label={label}
      data={data}
      value={values[name] || null}
      error={byControl[name]}
      onChange={set(name)}
      allowDeselect={false}
      disabled={!allowance.allowed}
    />
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblems([]);
    setSaved(false);
    try {
      const { data } = await update({ variables: { id: script.id, input: etlUpdate(values, script.etl) } });
      if (data) {
        setValues(formValues(data.updateScriptEtl.etl));
        setSaved(true);
      }
    } catch (error) {
      setProblems(problemsFromError(error));
    }
  };

  return (
    <form onSubmit={submit} aria-label="ETL binding">
      <Stack maw={720}>
        {!allowance.allowed && <Text c="dimmed">Read only: {allowance.reason}</Text>}
        <SimpleGrid cols={2}>
          {text('taskId', 'ETL task id')}
          {choice('stage', 'Stage', STAGES)}
        </SimpleGrid>
        {values.stage === 'FIELD_RULE' && (
          <SimpleGrid cols={2}>
            {choice('fieldRuleType', 'Rule', FIELD_RULE_TYPES)}
            {choice('fieldType', 'Value type', FIELD_TYPES)}
            {text('minValue', 'Lowest value', 'Inclusive; empty for none')}
            {text('maxValue', 'Highest value', 'Inclusive; empty for none')}
            {text('defaultValue', 'Default value', 'Put in place of an empty or out-of-range value')}
          </SimpleGrid>
        )}
        {values.stage === 'ANONYMIZATION_RULE' && choice('anonymizationType', 'Technique', ANONYMIZATION_TYPES)}
        {values.stage === 'TRANSFORMER' && (
          <>
            {choice('transformationType', 'How results are written', TRANSFORMATION_TYPES)}
            <Textarea
              label="Transformation"
              value={values.transformationScript}
              error={byControl.transformationScript}
              onChange={(event) => set('transformationScript')(event.currentTarget.value)}
              disabled={!allowance.allowed}
              autosize
              minRows={3}
            />
          </>
        )}
        <Textarea
          label="Fields"
          description="One datamoduleId/fieldName a line"
          value={values.fields}
          error={byControl.fields}
          onChange={(event) => set('fields')(event.currentTarget.value)}
          disabled={!allowance.allowed}
          autosize
          minRows={2}
        />
        {general.length > 0 && (
          <Alert color="red" title="Not saved" role="alert">
            {general.map((problem, index) => (
              <ProblemText key={index} problem={problem} />
            ))}
          </Alert>
        )}
        {problems.length > 0 && general.length === 0 && (
          <Text c="red" size="sm" role="alert">
            Not saved: see the marked fields. Request id {problems[0]?.requestId}
          </Text>
        )}
        {saved && (
          <Alert color="green" role="status">
            Binding saved.
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={loading} disabled={!allowance.allowed}>
            Save binding
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
