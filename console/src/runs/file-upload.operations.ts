import { graphql } from '../gql';

export const CreateUploadMutation = graphql(`
  mutation ConsoleCreateUpload($input: CreateUploadInput!) {
    createUpload(input: $input) {
      key
      url
      headers {
        name
        value
      }
      multipart {
        uploadId
        parts {
          partNumber
          offset
          size
          url
          headers {
            name
            value
          }
        }
      }
    }
  }
`);

export const CompleteUploadMutation = graphql(`
  mutation ConsoleCompleteUpload($input: CompleteUploadInput!) {
    completeUpload(input: $input) {
      key
    }
  }
`);

export const AbortUploadMutation = graphql(`
  mutation ConsoleAbortUpload($key: String!, $uploadId: String!) {
    abortUpload(key: $key, uploadId: $uploadId)
  }
`);
