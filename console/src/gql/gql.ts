/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation ConsoleCreateUpload($input: CreateUploadInput!) {\n    createUpload(input: $input) {\n      key\n      url\n      headers {\n        name\n        value\n      }\n      multipart {\n        uploadId\n        parts {\n          partNumber\n          offset\n          size\n          url\n          headers {\n            name\n            value\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleCreateUploadDocument,
    "\n  mutation ConsoleCompleteUpload($input: CompleteUploadInput!) {\n    completeUpload(input: $input) {\n      key\n    }\n  }\n": typeof types.ConsoleCompleteUploadDocument,
    "\n  mutation ConsoleAbortUpload($key: String!, $uploadId: String!) {\n    abortUpload(key: $key, uploadId: $uploadId)\n  }\n": typeof types.ConsoleAbortUploadDocument,
    "\n  fragment ConsoleRunFields on ScriptRun {\n    id\n    logicalPath\n    version\n    status\n    createdAt\n    startedAt\n    finishedAt\n    durationMs\n    cancelRequestedAt\n    exitCode\n    input\n    inputFiles\n    result\n    stdout\n    stderr\n    error {\n      code\n      message\n    }\n    outputFiles {\n      key\n      name\n      size\n      downloadUrl\n    }\n    script {\n      id\n    }\n    startedBy {\n      id\n      login\n    }\n  }\n": typeof types.ConsoleRunFieldsFragmentDoc,
    "\n  mutation ConsoleStartScriptRun($path: String!, $input: JSON, $files: [String!], $version: Int) {\n    startScriptRun(path: $path, input: $input, files: $files, version: $version) {\n      ...ConsoleRunFields\n    }\n  }\n": typeof types.ConsoleStartScriptRunDocument,
    "\n  query ConsoleScriptRun($id: ID!) {\n    scriptRun(id: $id) {\n      ...ConsoleRunFields\n    }\n  }\n": typeof types.ConsoleScriptRunDocument,
    "\n  mutation ConsoleCancelScriptRun($id: ID!) {\n    cancelScriptRun(id: $id) {\n      ...ConsoleRunFields\n    }\n  }\n": typeof types.ConsoleCancelScriptRunDocument,
    "\n  query ConsoleRuns($first: Int, $after: String, $filter: ScriptRunFilter) {\n    runs(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          logicalPath\n          version\n          status\n          createdAt\n          durationMs\n          script {\n            id\n          }\n          startedBy {\n            id\n            login\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ConsoleRunsDocument,
    "\n  query ConsoleInputFiles($prefix: String) {\n    files(prefix: $prefix, first: 200) {\n      key\n      name\n      size\n    }\n  }\n": typeof types.ConsoleInputFilesDocument,
    "\n  query ConsoleScript($id: ID!) {\n    script(id: $id) {\n      id\n      name\n      logicalPath\n      description\n      version\n      releasedVersion\n      released\n      content\n      updatedAt\n      folderId\n      owner {\n        id\n        login\n        displayName\n      }\n      etl {\n        taskId\n        stage\n        fields {\n          datamoduleId\n          fieldName\n        }\n        fieldRule {\n          type\n          fieldType\n          defaultValue\n          minValue\n          maxValue\n        }\n        anonymizationRule {\n          type\n        }\n        transformation {\n          type\n          script\n        }\n      }\n    }\n  }\n": typeof types.ConsoleScriptDocument,
    "\n  query ConsoleScriptVersions($id: ID!) {\n    script(id: $id) {\n      id\n      versions {\n        id\n        version\n        createdAt\n        released\n        content\n        author {\n          id\n          login\n          displayName\n        }\n      }\n    }\n  }\n": typeof types.ConsoleScriptVersionsDocument,
    "\n  mutation ConsoleSaveScriptContent($id: ID!, $content: String!) {\n    updateScript(id: $id, input: { content: $content }) {\n      id\n      version\n      content\n      released\n      releasedVersion\n      updatedAt\n    }\n  }\n": typeof types.ConsoleSaveScriptContentDocument,
    "\n  mutation ConsoleReleaseScript($id: ID!) {\n    releaseScript(id: $id) {\n      id\n      version\n      released\n      releasedVersion\n    }\n  }\n": typeof types.ConsoleReleaseScriptDocument,
    "\n  mutation ConsoleUpdateScriptEtl($id: ID!, $input: UpdateScriptEtlInput!) {\n    updateScriptEtl(id: $id, input: $input) {\n      id\n      etl {\n        taskId\n        stage\n        fields {\n          datamoduleId\n          fieldName\n        }\n        fieldRule {\n          type\n          fieldType\n          defaultValue\n          minValue\n          maxValue\n        }\n        anonymizationRule {\n          type\n        }\n        transformation {\n          type\n          script\n        }\n      }\n    }\n  }\n": typeof types.ConsoleUpdateScriptEtlDocument,
    "\n  fragment ConsoleTreeFolder on Folder {\n    id\n    name\n    parentId\n    path\n    childCount\n    owner {\n      id\n      login\n    }\n  }\n": typeof types.ConsoleTreeFolderFragmentDoc,
    "\n  fragment ConsoleTreeScript on Script {\n    id\n    name\n    folderId\n    logicalPath\n    version\n    releasedVersion\n    owner {\n      id\n      login\n    }\n  }\n": typeof types.ConsoleTreeScriptFragmentDoc,
    "\n  query ConsoleTreeLevel($folderId: ID) {\n    treeLevel(folderId: $folderId) {\n      folders {\n        ...ConsoleTreeFolder\n      }\n      scripts {\n        ...ConsoleTreeScript\n      }\n    }\n  }\n": typeof types.ConsoleTreeLevelDocument,
    "\n  query ConsoleTreeSearch($name: String!) {\n    searchTree(name: $name, first: 100) {\n      folders {\n        ...ConsoleTreeFolder\n      }\n      scripts {\n        ...ConsoleTreeScript\n      }\n      complete\n    }\n  }\n": typeof types.ConsoleTreeSearchDocument,
    "\n  query ConsoleFolderPaths {\n    tree {\n      folders {\n        id\n        path\n      }\n    }\n  }\n": typeof types.ConsoleFolderPathsDocument,
    "\n  mutation ConsoleCreateFolder($input: CreateFolderInput!) {\n    createFolder(input: $input) {\n      id\n      path\n    }\n  }\n": typeof types.ConsoleCreateFolderDocument,
    "\n  mutation ConsoleRenameFolder($id: ID!, $name: String!) {\n    renameFolder(id: $id, name: $name) {\n      id\n      path\n    }\n  }\n": typeof types.ConsoleRenameFolderDocument,
    "\n  mutation ConsoleMoveFolder($id: ID!, $parentId: ID) {\n    moveFolder(id: $id, parentId: $parentId) {\n      id\n      path\n    }\n  }\n": typeof types.ConsoleMoveFolderDocument,
    "\n  mutation ConsoleDeleteFolder($id: ID!) {\n    deleteFolder(id: $id)\n  }\n": typeof types.ConsoleDeleteFolderDocument,
    "\n  mutation ConsoleCreateScript($input: CreateScriptInput!) {\n    createScript(input: $input) {\n      id\n      logicalPath\n    }\n  }\n": typeof types.ConsoleCreateScriptDocument,
    "\n  mutation ConsoleRenameOrMoveScript($id: ID!, $input: UpdateScriptInput!) {\n    updateScript(id: $id, input: $input) {\n      id\n      name\n      folderId\n      logicalPath\n    }\n  }\n": typeof types.ConsoleRenameOrMoveScriptDocument,
    "\n  mutation ConsoleDeleteScript($id: ID!) {\n    deleteScript(id: $id)\n  }\n": typeof types.ConsoleDeleteScriptDocument,
};
const documents: Documents = {
    "\n  mutation ConsoleCreateUpload($input: CreateUploadInput!) {\n    createUpload(input: $input) {\n      key\n      url\n      headers {\n        name\n        value\n      }\n      multipart {\n        uploadId\n        parts {\n          partNumber\n          offset\n          size\n          url\n          headers {\n            name\n            value\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleCreateUploadDocument,
    "\n  mutation ConsoleCompleteUpload($input: CompleteUploadInput!) {\n    completeUpload(input: $input) {\n      key\n    }\n  }\n": types.ConsoleCompleteUploadDocument,
    "\n  mutation ConsoleAbortUpload($key: String!, $uploadId: String!) {\n    abortUpload(key: $key, uploadId: $uploadId)\n  }\n": types.ConsoleAbortUploadDocument,
    "\n  fragment ConsoleRunFields on ScriptRun {\n    id\n    logicalPath\n    version\n    status\n    createdAt\n    startedAt\n    finishedAt\n    durationMs\n    cancelRequestedAt\n    exitCode\n    input\n    inputFiles\n    result\n    stdout\n    stderr\n    error {\n      code\n      message\n    }\n    outputFiles {\n      key\n      name\n      size\n      downloadUrl\n    }\n    script {\n      id\n    }\n    startedBy {\n      id\n      login\n    }\n  }\n": types.ConsoleRunFieldsFragmentDoc,
    "\n  mutation ConsoleStartScriptRun($path: String!, $input: JSON, $files: [String!], $version: Int) {\n    startScriptRun(path: $path, input: $input, files: $files, version: $version) {\n      ...ConsoleRunFields\n    }\n  }\n": types.ConsoleStartScriptRunDocument,
    "\n  query ConsoleScriptRun($id: ID!) {\n    scriptRun(id: $id) {\n      ...ConsoleRunFields\n    }\n  }\n": types.ConsoleScriptRunDocument,
    "\n  mutation ConsoleCancelScriptRun($id: ID!) {\n    cancelScriptRun(id: $id) {\n      ...ConsoleRunFields\n    }\n  }\n": types.ConsoleCancelScriptRunDocument,
    "\n  query ConsoleRuns($first: Int, $after: String, $filter: ScriptRunFilter) {\n    runs(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          logicalPath\n          version\n          status\n          createdAt\n          durationMs\n          script {\n            id\n          }\n          startedBy {\n            id\n            login\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ConsoleRunsDocument,
    "\n  query ConsoleInputFiles($prefix: String) {\n    files(prefix: $prefix, first: 200) {\n      key\n      name\n      size\n    }\n  }\n": types.ConsoleInputFilesDocument,
    "\n  query ConsoleScript($id: ID!) {\n    script(id: $id) {\n      id\n      name\n      logicalPath\n      description\n      version\n      releasedVersion\n      released\n      content\n      updatedAt\n      folderId\n      owner {\n        id\n        login\n        displayName\n      }\n      etl {\n        taskId\n        stage\n        fields {\n          datamoduleId\n          fieldName\n        }\n        fieldRule {\n          type\n          fieldType\n          defaultValue\n          minValue\n          maxValue\n        }\n        anonymizationRule {\n          type\n        }\n        transformation {\n          type\n          script\n        }\n      }\n    }\n  }\n": types.ConsoleScriptDocument,
    "\n  query ConsoleScriptVersions($id: ID!) {\n    script(id: $id) {\n      id\n      versions {\n        id\n        version\n        createdAt\n        released\n        content\n        author {\n          id\n          login\n          displayName\n        }\n      }\n    }\n  }\n": types.ConsoleScriptVersionsDocument,
    "\n  mutation ConsoleSaveScriptContent($id: ID!, $content: String!) {\n    updateScript(id: $id, input: { content: $content }) {\n      id\n      version\n      content\n      released\n      releasedVersion\n      updatedAt\n    }\n  }\n": types.ConsoleSaveScriptContentDocument,
    "\n  mutation ConsoleReleaseScript($id: ID!) {\n    releaseScript(id: $id) {\n      id\n      version\n      released\n      releasedVersion\n    }\n  }\n": types.ConsoleReleaseScriptDocument,
    "\n  mutation ConsoleUpdateScriptEtl($id: ID!, $input: UpdateScriptEtlInput!) {\n    updateScriptEtl(id: $id, input: $input) {\n      id\n      etl {\n        taskId\n        stage\n        fields {\n          datamoduleId\n          fieldName\n        }\n        fieldRule {\n          type\n          fieldType\n          defaultValue\n          minValue\n          maxValue\n        }\n        anonymizationRule {\n          type\n        }\n        transformation {\n          type\n          script\n        }\n      }\n    }\n  }\n": types.ConsoleUpdateScriptEtlDocument,
    "\n  fragment ConsoleTreeFolder on Folder {\n    id\n    name\n    parentId\n    path\n    childCount\n    owner {\n      id\n      login\n    }\n  }\n": types.ConsoleTreeFolderFragmentDoc,
    "\n  fragment ConsoleTreeScript on Script {\n    id\n    name\n    folderId\n    logicalPath\n    version\n    releasedVersion\n    owner {\n      id\n      login\n    }\n  }\n": types.ConsoleTreeScriptFragmentDoc,
    "\n  query ConsoleTreeLevel($folderId: ID) {\n    treeLevel(folderId: $folderId) {\n      folders {\n        ...ConsoleTreeFolder\n      }\n      scripts {\n        ...ConsoleTreeScript\n      }\n    }\n  }\n": types.ConsoleTreeLevelDocument,
    "\n  query ConsoleTreeSearch($name: String!) {\n    searchTree(name: $name, first: 100) {\n      folders {\n        ...ConsoleTreeFolder\n      }\n      scripts {\n        ...ConsoleTreeScript\n      }\n      complete\n    }\n  }\n": types.ConsoleTreeSearchDocument,
    "\n  query ConsoleFolderPaths {\n    tree {\n      folders {\n        id\n        path\n      }\n    }\n  }\n": types.ConsoleFolderPathsDocument,
    "\n  mutation ConsoleCreateFolder($input: CreateFolderInput!) {\n    createFolder(input: $input) {\n      id\n      path\n    }\n  }\n": types.ConsoleCreateFolderDocument,
    "\n  mutation ConsoleRenameFolder($id: ID!, $name: String!) {\n    renameFolder(id: $id, name: $name) {\n      id\n      path\n    }\n  }\n": types.ConsoleRenameFolderDocument,
    "\n  mutation ConsoleMoveFolder($id: ID!, $parentId: ID) {\n    moveFolder(id: $id, parentId: $parentId) {\n      id\n      path\n    }\n  }\n": types.ConsoleMoveFolderDocument,
    "\n  mutation ConsoleDeleteFolder($id: ID!) {\n    deleteFolder(id: $id)\n  }\n": types.ConsoleDeleteFolderDocument,
    "\n  mutation ConsoleCreateScript($input: CreateScriptInput!) {\n    createScript(input: $input) {\n      id\n      logicalPath\n    }\n  }\n": types.ConsoleCreateScriptDocument,
    "\n  mutation ConsoleRenameOrMoveScript($id: ID!, $input: UpdateScriptInput!) {\n    updateScript(id: $id, input: $input) {\n      id\n      name\n      folderId\n      logicalPath\n    }\n  }\n": types.ConsoleRenameOrMoveScriptDocument,
    "\n  mutation ConsoleDeleteScript($id: ID!) {\n    deleteScript(id: $id)\n  }\n": types.ConsoleDeleteScriptDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateUpload($input: CreateUploadInput!) {\n    createUpload(input: $input) {\n      key\n      url\n      headers {\n        name\n        value\n      }\n      multipart {\n        uploadId\n        parts {\n          partNumber\n          offset\n          size\n          url\n          headers {\n            name\n            value\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateUpload($input: CreateUploadInput!) {\n    createUpload(input: $input) {\n      key\n      url\n      headers {\n        name\n        value\n      }\n      multipart {\n        uploadId\n        parts {\n          partNumber\n          offset\n          size\n          url\n          headers {\n            name\n            value\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCompleteUpload($input: CompleteUploadInput!) {\n    completeUpload(input: $input) {\n      key\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCompleteUpload($input: CompleteUploadInput!) {\n    completeUpload(input: $input) {\n      key\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleAbortUpload($key: String!, $uploadId: String!) {\n    abortUpload(key: $key, uploadId: $uploadId)\n  }\n"): (typeof documents)["\n  mutation ConsoleAbortUpload($key: String!, $uploadId: String!) {\n    abortUpload(key: $key, uploadId: $uploadId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleRunFields on ScriptRun {\n    id\n    logicalPath\n    version\n    status\n    createdAt\n    startedAt\n    finishedAt\n    durationMs\n    cancelRequestedAt\n    exitCode\n    input\n    inputFiles\n    result\n    stdout\n    stderr\n    error {\n      code\n      message\n    }\n    outputFiles {\n      key\n      name\n      size\n      downloadUrl\n    }\n    script {\n      id\n    }\n    startedBy {\n      id\n      login\n    }\n  }\n"): (typeof documents)["\n  fragment ConsoleRunFields on ScriptRun {\n    id\n    logicalPath\n    version\n    status\n    createdAt\n    startedAt\n    finishedAt\n    durationMs\n    cancelRequestedAt\n    exitCode\n    input\n    inputFiles\n    result\n    stdout\n    stderr\n    error {\n      code\n      message\n    }\n    outputFiles {\n      key\n      name\n      size\n      downloadUrl\n    }\n    script {\n      id\n    }\n    startedBy {\n      id\n      login\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleStartScriptRun($path: String!, $input: JSON, $files: [String!], $version: Int) {\n    startScriptRun(path: $path, input: $input, files: $files, version: $version) {\n      ...ConsoleRunFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleStartScriptRun($path: String!, $input: JSON, $files: [String!], $version: Int) {\n    startScriptRun(path: $path, input: $input, files: $files, version: $version) {\n      ...ConsoleRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleScriptRun($id: ID!) {\n    scriptRun(id: $id) {\n      ...ConsoleRunFields\n    }\n  }\n"): (typeof documents)["\n  query ConsoleScriptRun($id: ID!) {\n    scriptRun(id: $id) {\n      ...ConsoleRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCancelScriptRun($id: ID!) {\n    cancelScriptRun(id: $id) {\n      ...ConsoleRunFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCancelScriptRun($id: ID!) {\n    cancelScriptRun(id: $id) {\n      ...ConsoleRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleRuns($first: Int, $after: String, $filter: ScriptRunFilter) {\n    runs(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          logicalPath\n          version\n          status\n          createdAt\n          durationMs\n          script {\n            id\n          }\n          startedBy {\n            id\n            login\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleRuns($first: Int, $after: String, $filter: ScriptRunFilter) {\n    runs(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          logicalPath\n          version\n          status\n          createdAt\n          durationMs\n          script {\n            id\n          }\n          startedBy {\n            id\n            login\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleInputFiles($prefix: String) {\n    files(prefix: $prefix, first: 200) {\n      key\n      name\n      size\n    }\n  }\n"): (typeof documents)["\n  query ConsoleInputFiles($prefix: String) {\n    files(prefix: $prefix, first: 200) {\n      key\n      name\n      size\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleScript($id: ID!) {\n    script(id: $id) {\n      id\n      name\n      logicalPath\n      description\n      version\n      releasedVersion\n      released\n      content\n      updatedAt\n      folderId\n      owner {\n        id\n        login\n        displayName\n      }\n      etl {\n        taskId\n        stage\n        fields {\n          datamoduleId\n          fieldName\n        }\n        fieldRule {\n          type\n          fieldType\n          defaultValue\n          minValue\n          maxValue\n        }\n        anonymizationRule {\n          type\n        }\n        transformation {\n          type\n          script\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleScript($id: ID!) {\n    script(id: $id) {\n      id\n      name\n      logicalPath\n      description\n      version\n      releasedVersion\n      released\n      content\n      updatedAt\n      folderId\n      owner {\n        id\n        login\n        displayName\n      }\n      etl {\n        taskId\n        stage\n        fields {\n          datamoduleId\n          fieldName\n        }\n        fieldRule {\n          type\n          fieldType\n          defaultValue\n          minValue\n          maxValue\n        }\n        anonymizationRule {\n          type\n        }\n        transformation {\n          type\n          script\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleScriptVersions($id: ID!) {\n    script(id: $id) {\n      id\n      versions {\n        id\n        version\n        createdAt\n        released\n        content\n        author {\n          id\n          login\n          displayName\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleScriptVersions($id: ID!) {\n    script(id: $id) {\n      id\n      versions {\n        id\n        version\n        createdAt\n        released\n        content\n        author {\n          id\n          login\n          displayName\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSaveScriptContent($id: ID!, $content: String!) {\n    updateScript(id: $id, input: { content: $content }) {\n      id\n      version\n      content\n      released\n      releasedVersion\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleSaveScriptContent($id: ID!, $content: String!) {\n    updateScript(id: $id, input: { content: $content }) {\n      id\n      version\n      content\n      released\n      releasedVersion\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleReleaseScript($id: ID!) {\n    releaseScript(id: $id) {\n      id\n      version\n      released\n      releasedVersion\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleReleaseScript($id: ID!) {\n    releaseScript(id: $id) {\n      id\n      version\n      released\n      releasedVersion\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleUpdateScriptEtl($id: ID!, $input: UpdateScriptEtlInput!) {\n    updateScriptEtl(id: $id, input: $input) {\n      id\n      etl {\n        taskId\n        stage\n        fields {\n          datamoduleId\n          fieldName\n        }\n        fieldRule {\n          type\n          fieldType\n          defaultValue\n          minValue\n          maxValue\n        }\n        anonymizationRule {\n          type\n        }\n        transformation {\n          type\n          script\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleUpdateScriptEtl($id: ID!, $input: UpdateScriptEtlInput!) {\n    updateScriptEtl(id: $id, input: $input) {\n      id\n      etl {\n        taskId\n        stage\n        fields {\n          datamoduleId\n          fieldName\n        }\n        fieldRule {\n          type\n          fieldType\n          defaultValue\n          minValue\n          maxValue\n        }\n        anonymizationRule {\n          type\n        }\n        transformation {\n          type\n          script\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleTreeFolder on Folder {\n    id\n    name\n    parentId\n    path\n    childCount\n    owner {\n      id\n      login\n    }\n  }\n"): (typeof documents)["\n  fragment ConsoleTreeFolder on Folder {\n    id\n    name\n    parentId\n    path\n    childCount\n    owner {\n      id\n      login\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleTreeScript on Script {\n    id\n    name\n    folderId\n    logicalPath\n    version\n    releasedVersion\n    owner {\n      id\n      login\n    }\n  }\n"): (typeof documents)["\n  fragment ConsoleTreeScript on Script {\n    id\n    name\n    folderId\n    logicalPath\n    version\n    releasedVersion\n    owner {\n      id\n      login\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleTreeLevel($folderId: ID) {\n    treeLevel(folderId: $folderId) {\n      folders {\n        ...ConsoleTreeFolder\n      }\n      scripts {\n        ...ConsoleTreeScript\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleTreeLevel($folderId: ID) {\n    treeLevel(folderId: $folderId) {\n      folders {\n        ...ConsoleTreeFolder\n      }\n      scripts {\n        ...ConsoleTreeScript\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleTreeSearch($name: String!) {\n    searchTree(name: $name, first: 100) {\n      folders {\n        ...ConsoleTreeFolder\n      }\n      scripts {\n        ...ConsoleTreeScript\n      }\n      complete\n    }\n  }\n"): (typeof documents)["\n  query ConsoleTreeSearch($name: String!) {\n    searchTree(name: $name, first: 100) {\n      folders {\n        ...ConsoleTreeFolder\n      }\n      scripts {\n        ...ConsoleTreeScript\n      }\n      complete\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleFolderPaths {\n    tree {\n      folders {\n        id\n        path\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleFolderPaths {\n    tree {\n      folders {\n        id\n        path\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateFolder($input: CreateFolderInput!) {\n    createFolder(input: $input) {\n      id\n      path\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateFolder($input: CreateFolderInput!) {\n    createFolder(input: $input) {\n      id\n      path\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRenameFolder($id: ID!, $name: String!) {\n    renameFolder(id: $id, name: $name) {\n      id\n      path\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRenameFolder($id: ID!, $name: String!) {\n    renameFolder(id: $id, name: $name) {\n      id\n      path\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleMoveFolder($id: ID!, $parentId: ID) {\n    moveFolder(id: $id, parentId: $parentId) {\n      id\n      path\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleMoveFolder($id: ID!, $parentId: ID) {\n    moveFolder(id: $id, parentId: $parentId) {\n      id\n      path\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeleteFolder($id: ID!) {\n    deleteFolder(id: $id)\n  }\n"): (typeof documents)["\n  mutation ConsoleDeleteFolder($id: ID!) {\n    deleteFolder(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateScript($input: CreateScriptInput!) {\n    createScript(input: $input) {\n      id\n      logicalPath\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateScript($input: CreateScriptInput!) {\n    createScript(input: $input) {\n      id\n      logicalPath\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRenameOrMoveScript($id: ID!, $input: UpdateScriptInput!) {\n    updateScript(id: $id, input: $input) {\n      id\n      name\n      folderId\n      logicalPath\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRenameOrMoveScript($id: ID!, $input: UpdateScriptInput!) {\n    updateScript(id: $id, input: $input) {\n      id\n      name\n      folderId\n      logicalPath\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeleteScript($id: ID!) {\n    deleteScript(id: $id)\n  }\n"): (typeof documents)["\n  mutation ConsoleDeleteScript($id: ID!) {\n    deleteScript(id: $id)\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;