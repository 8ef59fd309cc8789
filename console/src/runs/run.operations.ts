import { graphql } from '../gql';

export const RunFieldsFragment = graphql(`
  fragment ConsoleRunFields on ScriptRun {
    id
    logicalPath
    version
    status
    createdAt
    startedAt
    finishedAt
    durationMs
    cancelRequestedAt
    exitCode
    input
    inputFiles
    result
    stdout
    stderr
    error {
      code
      message
    }
    outputFiles {
      key
      name
      size
      downloadUrl
    }
    script {
      id
    }
    startedBy {
      id
      login
    }
  }
`);

export const StartRunMutation = graphql(`
  mutation ConsoleStartScriptRun($path: String!, $input: JSON, $files: [String!], $version: Int) {
    startScriptRun(path: $path, input: $input, files: $files, version: $version) {
      ...ConsoleRunFields
    }
  }
`);

export const RunQuery = graphql(`
  query ConsoleScriptRun($id: ID!) {
    scriptRun(id: $id) {
      ...ConsoleRunFields
    }
  }
`);

export const CancelRunMutation = graphql(`
  mutation ConsoleCancelScriptRun($id: ID!) {
    cancelScriptRun(id: $id) {
      ...ConsoleRunFields
    }
  }
`);

export const RunsQuery = graphql(`
  query ConsoleRuns($first: Int, $after: String, $filter: ScriptRunFilter) {
    runs(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          logicalPath
          version
          status
          createdAt
          durationMs
          script {
            id
          }
          startedBy {
            id
            login
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const InputFilesQuery = graphql(`
  query ConsoleInputFiles($prefix: String) {
    files(prefix: $prefix, first: 200) {
      key
      name
      size
    }
  }
`);
