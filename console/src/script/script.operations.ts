import { graphql } from '../gql';

export const ScriptQuery = graphql(`
  query ConsoleScript($id: ID!) {
    script(id: $id) {
      id
      name
      logicalPath
      description
      version
      releasedVersion
      released
      content
      updatedAt
      folderId
      owner {
        id
        login
        displayName
      }
      etl {
        taskId
        stage
        fields {
          datamoduleId
          fieldName
        }
        fieldRule {
          type
          fieldType
          defaultValue
          minValue
          maxValue
        }
        anonymizationRule {
          type
        }
        transformation {
          type
          script
        }
      }
    }
  }
`);

export const ScriptVersionsQuery = graphql(`
  query ConsoleScriptVersions($id: ID!) {
    script(id: $id) {
      id
      versions {
        id
        version
        createdAt
        released
        content
        author {
          id
          login
          displayName
        }
      }
    }
  }
`);

export const SaveScriptContentMutation = graphql(`
  mutation ConsoleSaveScriptContent($id: ID!, $content: String!) {
    updateScript(id: $id, input: { content: $content }) {
      id
      version
      content
      released
      releasedVersion
      updatedAt
    }
  }
`);

export const ReleaseScriptMutation = graphql(`
  mutation ConsoleReleaseScript($id: ID!) {
    releaseScript(id: $id) {
      id
      version
      released
      releasedVersion
    }
  }
`);

export const UpdateScriptEtlMutation = graphql(`
  mutation ConsoleUpdateScriptEtl($id: ID!, $input: UpdateScriptEtlInput!) {
    updateScriptEtl(id: $id, input: $input) {
      id
      etl {
        taskId
        stage
        fields {
          datamoduleId
          fieldName
        }
        fieldRule {
          type
          fieldType
          defaultValue
          minValue
          maxValue
        }
        anonymizationRule {
          type
        }
        transformation {
          type
          script
        }
      }
    }
  }
`);
