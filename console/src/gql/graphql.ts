/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Settings of an ANONYMIZATION_RULE script. */
export type AnonymizationRuleInput = {
  /** The anonymization technique. */
  type: AnonymizationRuleType;
};

/** An anonymization technique. */
export type AnonymizationRuleType =
  /** Separate identifying and sensitive attributes. */
  | 'ANATOMIZATION'
  /** Replace values with broader categories. */
  | 'GENERALIZATION'
  /** Shuffle values between records. */
  | 'PERMUTATION'
  /** Add noise to values. */
  | 'PERTURBATION'
  /** Remove or mask values. */
  | 'SUPPRESSION';

/** The end of a multipart upload: every part, in order. */
export type CompleteUploadInput = {
  /** The key `createUpload` answered. */
  key: string;
  /** Every part, numbered 1 to n in order, with its ETag. */
  parts: Array<CompletedPartInput>;
  /** The size declared to `createUpload`, in bytes. */
  size: number;
  /** The `multipart.uploadId` `createUpload` answered. */
  uploadId: string;
};

/** A part sent in a multipart upload. */
export type CompletedPartInput = {
  /** The ETag header of the part PUT's answer. */
  etag: string;
  /** The part number, from 1. */
  partNumber: number;
};

/** A new folder. */
export type CreateFolderInput = {
  /** Name, unique among its siblings: 1–255 characters, no `/`, `\` or control characters, not `.` or `..`. */
  name: string;
  /** The parent folder; null or omitted for the root. */
  parentId?: string | null | undefined;
};

/** A new script, or new content for the script at that path with `replace: true`. */
export type CreateScriptInput = {
  /** Python source defining a top-level `main(data)`; checked by the Python parser, never run here. */
  content: string;
  /** What the script does (at most 10,000 characters). */
  description?: string | null | undefined;
  /** Name shown in the console (at most 255 characters). */
  displayName?: string | null | undefined;
  /** Binds the script to an ETL task. */
  etl?: EtlBindingInput | null | undefined;
  /** The folder; null or omitted for the root. */
  folderId?: string | null | undefined;
  /** File name ending in `.py`, unique in its folder. */
  name: string;
  /** When a script exists at the path: true stores `content` as its new version (and applies the other fields); false fails with SCRIPT_EXISTS_REPLACE_REQUIRED. */
  replace?: boolean | null | undefined;
};

/** A file about to be streamed: where it goes, its name, type and exact size. */
export type CreateUploadInput = {
  /** Media type, such as `text/csv`; guessed from the file name when absent. */
  contentType?: string | null | undefined;
  /** The file name kept in the key, such as `wells.las`. */
  filename: string;
  /** Folder-like prefix of the key, such as `geology/wells`; `uploads` when absent. */
  prefix?: string | null | undefined;
  /** The exact size in bytes, at most MAX_FILE_SIZE. */
  size: number;
};

/** A script's binding to an ETL task. Only the settings of the chosen stage may be given. */
export type EtlBindingInput = {
  /** Required with stage ANONYMIZATION_RULE, refused otherwise. */
  anonymizationRule?: AnonymizationRuleInput | null | undefined;
  /** Required with stage FIELD_RULE, refused otherwise. */
  fieldRule?: FieldRuleInput | null | undefined;
  /** The datamodule fields the script works on. */
  fields?: Array<FieldRefInput> | null | undefined;
  /** The pipeline stage the script serves. */
  stage: EtlStage;
  /** Id of the ETL task. */
  taskId: string;
  /** Required with stage TRANSFORMER, refused otherwise. */
  transformation?: TransformationInput | null | undefined;
};

/** The stage of an ETL task pipeline a script serves. */
export type EtlStage =
  /** Anonymizes fields (needs `anonymizationRule`). */
  | 'ANONYMIZATION_RULE'
  /** Reads records from a source. */
  | 'EXTRACTOR'
  /** Checks or fixes the values of fields (needs `fieldRule`). */
  | 'FIELD_RULE'
  /** Transforms records (needs `transformation`). */
  | 'TRANSFORMER'
  /** Writes records to a target. */
  | 'UPLOADER';

/** A field of an external datamodule. */
export type FieldRefInput = {
  /** Id of the datamodule in the ETL system. */
  datamoduleId: string;
  /** Name of the field (1–255 characters, no `/`, `\` or control characters, not `.` or `..`). */
  fieldName: string;
};

/** Settings of a FIELD_RULE script. */
export type FieldRuleInput = {
  /** Replacement value; required by FILL_EMPTY and FILL_OUT_OF_RANGE. */
  defaultValue?: string | null | undefined;
  /** The type the values parse as. */
  fieldType: FieldType;
  /** Highest accepted value, parsed as `fieldType`; not below `minValue`. */
  maxValue?: string | null | undefined;
  /** Lowest accepted value, parsed as `fieldType`. */
  minValue?: string | null | undefined;
  /** What the rule does. */
  type: FieldRuleType;
};

/** What a field rule does with empty or out-of-range values. */
export type FieldRuleType =
  /** Replace an empty value with `defaultValue` (required). */
  | 'FILL_EMPTY'
  /** Replace a value outside `minValue`–`maxValue` with `defaultValue` (required, with a bound). */
  | 'FILL_OUT_OF_RANGE'
  /** Keep records with an empty value as they are. */
  | 'IGNORE_EMPTY'
  /** Keep records with an out-of-range value (needs a bound). */
  | 'IGNORE_OUT_OF_RANGE'
  /** Drop records with an empty value. */
  | 'REMOVE_EMPTY'
  /** Drop records with an out-of-range value (needs a bound). */
  | 'REMOVE_OUT_OF_RANGE';

/** The type a field rule's values parse as. */
export type FieldType =
  /** A decimal number such as `2.5` or `-1e-3`. */
  | 'DOUBLE'
  /** A whole number such as `-3` or `42`. */
  | 'INTEGER'
  /** Text; ranges compare by code point. */
  | 'STRING';

/** Why a run did not succeed. */
export type ScriptRunErrorCode =
  /** `main` returned something other than a JSON-serialisable dict or None. */
  | 'BAD_RESULT'
  /** Someone cancelled the run (`cancelScriptRun`): its starter or an administrator. */
  | 'CANCELLED'
  /** The CPU-time cap was reached. */
  | 'CPU_LIMIT'
  /** The interpreter exited (`sys.exit`, `os._exit`) before `main` returned. */
  | 'EXITED'
  /** A file given in `files` could not be placed in the run folder. */
  | 'INPUT_FILES'
  /** The runner running it died (RUN_INTERRUPTED_POLICY=fail, or no starts left) or stopped. */
  | 'INTERRUPTED'
  /** The memory cap (SCRIPT_MEMORY_MB) was reached. */
  | 'MEMORY_LIMIT'
  /** Files left under `out/` could not be stored. */
  | 'OUTPUT_FILES'
  /** The script wrote more than SCRIPT_OUTPUT_BYTES to stdout or stderr. */
  | 'OUTPUT_LIMIT'
  /** The result was larger than SCRIPT_RESULT_BYTES. */
  | 'RESULT_TOO_LARGE'
  /** `main`, or the module while loading, raised an exception. */
  | 'SCRIPT_ERROR'
  /** A signal the runner did not send ended the interpreter. */
  | 'SIGNALLED'
  /** The wall-clock limit passed. */
  | 'TIMEOUT';

/** Which runs to list; every field given narrows the list, omitted ones do not. */
export type ScriptRunFilter = {
  /** Runs created at or after this instant. */
  createdAfter?: string | null | undefined;
  /** Runs created before this instant (not at it). */
  createdBefore?: string | null | undefined;
  /** Runs whose logical path is this path or lies under it, by whole segments: `geology` matches `geology/analysis.py` and `geology/maps/x.py`, not `geology2/x.py`. A trailing `/` is ignored. */
  pathPrefix?: string | null | undefined;
  /** Runs of this script (it may have been deleted since). */
  scriptId?: string | null | undefined;
  /** Runs started by this user. */
  startedBy?: string | null | undefined;
  /** Runs in any of these statuses. */
  statuses?: Array<ScriptRunStatus> | null | undefined;
};

/** Where a run is: waiting, running, or how it ended. */
export type ScriptRunStatus =
  /** Cancelled (`cancelScriptRun`) while it waited or ran; a running one was killed. */
  | 'CANCELLED'
  /** An exception, a bad return value or an early exit; `error` says which. */
  | 'FAILED'
  /** Stopped for passing a memory, CPU or output cap, or by a signal; `error` says which. */
  | 'KILLED'
  /** Waiting in the run queue for a runner to take it. */
  | 'QUEUED'
  /** The interpreter is running. */
  | 'RUNNING'
  /** `main` returned a dict (or None); `result` holds it. */
  | 'SUCCEEDED'
  /** The wall-clock limit (SCRIPT_TIMEOUT_SECONDS) passed; the process group was killed. */
  | 'TIMED_OUT';

/** Settings of a TRANSFORMER script. */
export type TransformationInput = {
  /** The transformation expression or script reference (at most 65,536 characters). */
  script?: string | null | undefined;
  /** How results are written. */
  type: TransformationType;
};

/** How a transformation writes its results. */
export type TransformationType =
  /** Merge results into the existing records. */
  | 'MERGE'
  /** Update the existing records in place. */
  | 'UPDATE';

/** Changes to a script's ETL binding; omitted fields stay. A script without a binding needs `taskId` and `stage`. */
export type UpdateScriptEtlInput = {
  /** New anonymization settings (stage ANONYMIZATION_RULE). */
  anonymizationRule?: AnonymizationRuleInput | null | undefined;
  /** New field-rule settings (stage FIELD_RULE). */
  fieldRule?: FieldRuleInput | null | undefined;
  /** Fields to bind in addition; ones already bound are kept once. */
  fieldsToAdd?: Array<FieldRefInput> | null | undefined;
  /** Bound fields to unbind; each must be bound. */
  fieldsToRemove?: Array<FieldRefInput> | null | undefined;
  /** A new stage; the old stage's settings are dropped. */
  stage?: EtlStage | null | undefined;
  /** A new ETL task. */
  taskId?: string | null | undefined;
  /** New transformation settings (stage TRANSFORMER). */
  transformation?: TransformationInput | null | undefined;
};

/** Changes to a script; omitted fields stay as they are. */
export type UpdateScriptInput = {
  /** New content: stored as a new version when it differs. */
  content?: string | null | undefined;
  /** New description. */
  description?: string | null | undefined;
  /** New display name. */
  displayName?: string | null | undefined;
  /** Moves the script to this folder; an explicit null moves it to the root, omitted leaves it. */
  folderId?: string | null | undefined;
  /** New file name ending in `.py`. */
  name?: string | null | undefined;
};

export type ConsoleCreateUploadMutationVariables = Exact<{
  input: CreateUploadInput;
}>;


export type ConsoleCreateUploadMutation = { createUpload: { key: string, url: string | null, headers: Array<{ name: string, value: string }>, multipart: { uploadId: string, parts: Array<{ partNumber: number, offset: number, size: number, url: string, headers: Array<{ name: string, value: string }> }> } | null } };

export type ConsoleCompleteUploadMutationVariables = Exact<{
  input: CompleteUploadInput;
}>;


export type ConsoleCompleteUploadMutation = { completeUpload: { key: string } };

export type ConsoleAbortUploadMutationVariables = Exact<{
  key: string;
  uploadId: string;
}>;


export type ConsoleAbortUploadMutation = { abortUpload: boolean };

export type ConsoleRunFieldsFragment = { id: string, logicalPath: string, version: number, status: ScriptRunStatus, createdAt: string, startedAt: string | null, finishedAt: string | null, durationMs: number | null, cancelRequestedAt: string | null, exitCode: number | null, input: unknown, inputFiles: Array<string>, result: unknown, stdout: string, stderr: string, error: { code: ScriptRunErrorCode, message: string } | null, outputFiles: Array<{ key: string, name: string, size: number, downloadUrl: string }>, script: { id: string } | null, startedBy: { id: string, login: string } | null };

export type ConsoleStartScriptRunMutationVariables = Exact<{
  path: string;
  input?: unknown;
  files?: Array<string> | string | null | undefined;
  version?: number | null | undefined;
}>;


export type ConsoleStartScriptRunMutation = { startScriptRun: { id: string, logicalPath: string, version: number, status: ScriptRunStatus, createdAt: string, startedAt: string | null, finishedAt: string | null, durationMs: number | null, cancelRequestedAt: string | null, exitCode: number | null, input: unknown, inputFiles: Array<string>, result: unknown, stdout: string, stderr: string, error: { code: ScriptRunErrorCode, message: string } | null, outputFiles: Array<{ key: string, name: string, size: number, downloadUrl: string }>, script: { id: string } | null, startedBy: { id: string, login: string } | null } };

export type ConsoleScriptRunQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleScriptRunQuery = { scriptRun: { id: string, logicalPath: string, version: number, status: ScriptRunStatus, createdAt: string, startedAt: string | null, finishedAt: string | null, durationMs: number | null, cancelRequestedAt: string | null, exitCode: number | null, input: unknown, inputFiles: Array<string>, result: unknown, stdout: string, stderr: string, error: { code: ScriptRunErrorCode, message: string } | null, outputFiles: Array<{ key: string, name: string, size: number, downloadUrl: string }>, script: { id: string } | null, startedBy: { id: string, login: string } | null } };

export type ConsoleCancelScriptRunMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleCancelScriptRunMutation = { cancelScriptRun: { id: string, logicalPath: string, version: number, status: ScriptRunStatus, createdAt: string, startedAt: string | null, finishedAt: string | null, durationMs: number | null, cancelRequestedAt: string | null, exitCode: number | null, input: unknown, inputFiles: Array<string>, result: unknown, stdout: string, stderr: string, error: { code: ScriptRunErrorCode, message: string } | null, outputFiles: Array<{ key: string, name: string, size: number, downloadUrl: string }>, script: { id: string } | null, startedBy: { id: string, login: string } | null } };

export type ConsoleRunsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: ScriptRunFilter | null | undefined;
}>;


export type ConsoleRunsQuery = { runs: { edges: Array<{ cursor: string, node: { id: string, logicalPath: string, version: number, status: ScriptRunStatus, createdAt: string, durationMs: number | null, script: { id: string } | null, startedBy: { id: string, login: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleInputFilesQueryVariables = Exact<{
  prefix?: string | null | undefined;
}>;


export type ConsoleInputFilesQuery = { files: Array<{ key: string, name: string, size: number }> };

export type ConsoleScriptQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleScriptQuery = { script: { id: string, name: string, logicalPath: string, description: string | null, version: number, releasedVersion: number | null, released: boolean, content: string, updatedAt: string, folderId: string | null, owner: { id: string, login: string, displayName: string | null } | null, etl: { taskId: string, stage: EtlStage, fields: Array<{ datamoduleId: string, fieldName: string }>, fieldRule: { type: FieldRuleType, fieldType: FieldType, defaultValue: string | null, minValue: string | null, maxValue: string | null } | null, anonymizationRule: { type: AnonymizationRuleType } | null, transformation: { type: TransformationType, script: string | null } | null } | null } };

export type ConsoleScriptVersionsQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleScriptVersionsQuery = { script: { id: string, versions: Array<{ id: string, version: number, createdAt: string, released: boolean, content: string, author: { id: string, login: string, displayName: string | null } | null }> } };

export type ConsoleSaveScriptContentMutationVariables = Exact<{
  id: string;
  content: string;
}>;


export type ConsoleSaveScriptContentMutation = { updateScript: { id: string, version: number, content: string, released: boolean, releasedVersion: number | null, updatedAt: string } };

export type ConsoleReleaseScriptMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleReleaseScriptMutation = { releaseScript: { id: string, version: number, released: boolean, releasedVersion: number | null } };

export type ConsoleUpdateScriptEtlMutationVariables = Exact<{
  id: string;
  input: UpdateScriptEtlInput;
}>;


export type ConsoleUpdateScriptEtlMutation = { updateScriptEtl: { id: string, etl: { taskId: string, stage: EtlStage, fields: Array<{ datamoduleId: string, fieldName: string }>, fieldRule: { type: FieldRuleType, fieldType: FieldType, defaultValue: string | null, minValue: string | null, maxValue: string | null } | null, anonymizationRule: { type: AnonymizationRuleType } | null, transformation: { type: TransformationType, script: string | null } | null } | null } };

export type ConsoleTreeFolderFragment = { id: string, name: string, parentId: string | null, path: string, childCount: number, owner: { id: string, login: string } | null };

export type ConsoleTreeScriptFragment = { id: string, name: string, folderId: string | null, logicalPath: string, version: number, releasedVersion: number | null, owner: { id: string, login: string } | null };

export type ConsoleTreeLevelQueryVariables = Exact<{
  folderId?: string | null | undefined;
}>;


export type ConsoleTreeLevelQuery = { treeLevel: { folders: Array<{ id: string, name: string, parentId: string | null, path: string, childCount: number, owner: { id: string, login: string } | null }>, scripts: Array<{ id: string, name: string, folderId: string | null, logicalPath: string, version: number, releasedVersion: number | null, owner: { id: string, login: string } | null }> } };

export type ConsoleTreeSearchQueryVariables = Exact<{
  name: string;
}>;


export type ConsoleTreeSearchQuery = { searchTree: { complete: boolean, folders: Array<{ id: string, name: string, parentId: string | null, path: string, childCount: number, owner: { id: string, login: string } | null }>, scripts: Array<{ id: string, name: string, folderId: string | null, logicalPath: string, version: number, releasedVersion: number | null, owner: { id: string, login: string } | null }> } };

export type ConsoleFolderPathsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleFolderPathsQuery = { tree: { folders: Array<{ id: string, path: string }> } };

export type ConsoleCreateFolderMutationVariables = Exact<{
  input: CreateFolderInput;
}>;


export type ConsoleCreateFolderMutation = { createFolder: { id: string, path: string } };

export type ConsoleRenameFolderMutationVariables = Exact<{
  id: string;
  name: string;
}>;


export type ConsoleRenameFolderMutation = { renameFolder: { id: string, path: string } };

export type ConsoleMoveFolderMutationVariables = Exact<{
  id: string;
  parentId?: string | null | undefined;
}>;


export type ConsoleMoveFolderMutation = { moveFolder: { id: string, path: string } };

export type ConsoleDeleteFolderMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleDeleteFolderMutation = { deleteFolder: boolean };

export type ConsoleCreateScriptMutationVariables = Exact<{
  input: CreateScriptInput;
}>;


export type ConsoleCreateScriptMutation = { createScript: { id: string, logicalPath: string } };

export type ConsoleRenameOrMoveScriptMutationVariables = Exact<{
  id: string;
  input: UpdateScriptInput;
}>;


export type ConsoleRenameOrMoveScriptMutation = { updateScript: { id: string, name: string, folderId: string | null, logicalPath: string } };

export type ConsoleDeleteScriptMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleDeleteScriptMutation = { deleteScript: boolean };

export const ConsoleRunFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScriptRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"logicalPath"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"exitCode"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"inputFiles"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"stdout"}},{"kind":"Field","name":{"kind":"Name","value":"stderr"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"outputFiles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}}]}},{"kind":"Field","name":{"kind":"Name","value":"script"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"startedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"login"}}]}}]}}]} as unknown as DocumentNode<ConsoleRunFieldsFragment, unknown>;
export const ConsoleTreeFolderFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleTreeFolder"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Folder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"parentId"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"childCount"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"login"}}]}}]}}]} as unknown as DocumentNode<ConsoleTreeFolderFragment, unknown>;
export const ConsoleTreeScriptFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleTreeScript"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Script"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"folderId"}},{"kind":"Field","name":{"kind":"Name","value":"logicalPath"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"releasedVersion"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"login"}}]}}]}}]} as unknown as DocumentNode<ConsoleTreeScriptFragment, unknown>;
export const ConsoleCreateUploadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateUpload"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateUploadInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createUpload"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"headers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"multipart"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uploadId"}},{"kind":"Field","name":{"kind":"Name","value":"parts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"partNumber"}},{"kind":"Field","name":{"kind":"Name","value":"offset"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"headers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleCreateUploadMutation, ConsoleCreateUploadMutationVariables>;
export const ConsoleCompleteUploadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCompleteUpload"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CompleteUploadInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"completeUpload"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}}]}}]} as unknown as DocumentNode<ConsoleCompleteUploadMutation, ConsoleCompleteUploadMutationVariables>;
export const ConsoleAbortUploadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleAbortUpload"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"uploadId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"abortUpload"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}},{"kind":"Argument","name":{"kind":"Name","value":"uploadId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"uploadId"}}}]}]}}]} as unknown as DocumentNode<ConsoleAbortUploadMutation, ConsoleAbortUploadMutationVariables>;
export const ConsoleStartScriptRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleStartScriptRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"path"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"JSON"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"files"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startScriptRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"path"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"files"},"value":{"kind":"Variable","name":{"kind":"Name","value":"files"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleRunFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScriptRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"logicalPath"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"exitCode"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"inputFiles"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"stdout"}},{"kind":"Field","name":{"kind":"Name","value":"stderr"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"outputFiles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}}]}},{"kind":"Field","name":{"kind":"Name","value":"script"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"startedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"login"}}]}}]}}]} as unknown as DocumentNode<ConsoleStartScriptRunMutation, ConsoleStartScriptRunMutationVariables>;
export const ConsoleScriptRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleScriptRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scriptRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleRunFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScriptRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"logicalPath"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"exitCode"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"inputFiles"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"stdout"}},{"kind":"Field","name":{"kind":"Name","value":"stderr"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"outputFiles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}}]}},{"kind":"Field","name":{"kind":"Name","value":"script"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"startedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"login"}}]}}]}}]} as unknown as DocumentNode<ConsoleScriptRunQuery, ConsoleScriptRunQueryVariables>;
export const ConsoleCancelScriptRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCancelScriptRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelScriptRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleRunFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScriptRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"logicalPath"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"exitCode"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"inputFiles"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"stdout"}},{"kind":"Field","name":{"kind":"Name","value":"stderr"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"outputFiles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}}]}},{"kind":"Field","name":{"kind":"Name","value":"script"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"startedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"login"}}]}}]}}]} as unknown as DocumentNode<ConsoleCancelScriptRunMutation, ConsoleCancelScriptRunMutationVariables>;
export const ConsoleRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ScriptRunFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"logicalPath"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"script"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"startedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"login"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleRunsQuery, ConsoleRunsQueryVariables>;
export const ConsoleInputFilesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleInputFiles"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"prefix"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"files"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"prefix"},"value":{"kind":"Variable","name":{"kind":"Name","value":"prefix"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"200"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"size"}}]}}]}}]} as unknown as DocumentNode<ConsoleInputFilesQuery, ConsoleInputFilesQueryVariables>;
export const ConsoleScriptDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleScript"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"script"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"logicalPath"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"releasedVersion"}},{"kind":"Field","name":{"kind":"Name","value":"released"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"folderId"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"login"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"etl"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"datamoduleId"}},{"kind":"Field","name":{"kind":"Name","value":"fieldName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fieldRule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"fieldType"}},{"kind":"Field","name":{"kind":"Name","value":"defaultValue"}},{"kind":"Field","name":{"kind":"Name","value":"minValue"}},{"kind":"Field","name":{"kind":"Name","value":"maxValue"}}]}},{"kind":"Field","name":{"kind":"Name","value":"anonymizationRule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"transformation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"script"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleScriptQuery, ConsoleScriptQueryVariables>;
export const ConsoleScriptVersionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleScriptVersions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"script"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"versions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"released"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"login"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleScriptVersionsQuery, ConsoleScriptVersionsQueryVariables>;
export const ConsoleSaveScriptContentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleSaveScriptContent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"content"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateScript"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"content"},"value":{"kind":"Variable","name":{"kind":"Name","value":"content"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"released"}},{"kind":"Field","name":{"kind":"Name","value":"releasedVersion"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<ConsoleSaveScriptContentMutation, ConsoleSaveScriptContentMutationVariables>;
export const ConsoleReleaseScriptDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleReleaseScript"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"releaseScript"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"released"}},{"kind":"Field","name":{"kind":"Name","value":"releasedVersion"}}]}}]}}]} as unknown as DocumentNode<ConsoleReleaseScriptMutation, ConsoleReleaseScriptMutationVariables>;
export const ConsoleUpdateScriptEtlDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleUpdateScriptEtl"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateScriptEtlInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateScriptEtl"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"etl"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"datamoduleId"}},{"kind":"Field","name":{"kind":"Name","value":"fieldName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fieldRule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"fieldType"}},{"kind":"Field","name":{"kind":"Name","value":"defaultValue"}},{"kind":"Field","name":{"kind":"Name","value":"minValue"}},{"kind":"Field","name":{"kind":"Name","value":"maxValue"}}]}},{"kind":"Field","name":{"kind":"Name","value":"anonymizationRule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"transformation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"script"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleUpdateScriptEtlMutation, ConsoleUpdateScriptEtlMutationVariables>;
export const ConsoleTreeLevelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleTreeLevel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"folderId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"treeLevel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"folderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"folderId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"folders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleTreeFolder"}}]}},{"kind":"Field","name":{"kind":"Name","value":"scripts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleTreeScript"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleTreeFolder"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Folder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"parentId"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"childCount"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"login"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleTreeScript"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Script"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"folderId"}},{"kind":"Field","name":{"kind":"Name","value":"logicalPath"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"releasedVersion"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"login"}}]}}]}}]} as unknown as DocumentNode<ConsoleTreeLevelQuery, ConsoleTreeLevelQueryVariables>;
export const ConsoleTreeSearchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleTreeSearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"searchTree"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"folders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleTreeFolder"}}]}},{"kind":"Field","name":{"kind":"Name","value":"scripts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleTreeScript"}}]}},{"kind":"Field","name":{"kind":"Name","value":"complete"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleTreeFolder"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Folder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"parentId"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"childCount"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"login"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleTreeScript"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Script"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"folderId"}},{"kind":"Field","name":{"kind":"Name","value":"logicalPath"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"releasedVersion"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"login"}}]}}]}}]} as unknown as DocumentNode<ConsoleTreeSearchQuery, ConsoleTreeSearchQueryVariables>;
export const ConsoleFolderPathsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleFolderPaths"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tree"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"folders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleFolderPathsQuery, ConsoleFolderPathsQueryVariables>;
export const ConsoleCreateFolderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateFolder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateFolderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createFolder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]}}]} as unknown as DocumentNode<ConsoleCreateFolderMutation, ConsoleCreateFolderMutationVariables>;
export const ConsoleRenameFolderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleRenameFolder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"renameFolder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]}}]} as unknown as DocumentNode<ConsoleRenameFolderMutation, ConsoleRenameFolderMutationVariables>;
export const ConsoleMoveFolderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleMoveFolder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"parentId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"moveFolder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"parentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"parentId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]}}]} as unknown as DocumentNode<ConsoleMoveFolderMutation, ConsoleMoveFolderMutationVariables>;
export const ConsoleDeleteFolderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleDeleteFolder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteFolder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<ConsoleDeleteFolderMutation, ConsoleDeleteFolderMutationVariables>;
export const ConsoleCreateScriptDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateScript"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateScriptInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createScript"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"logicalPath"}}]}}]}}]} as unknown as DocumentNode<ConsoleCreateScriptMutation, ConsoleCreateScriptMutationVariables>;
export const ConsoleRenameOrMoveScriptDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleRenameOrMoveScript"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateScriptInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateScript"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"folderId"}},{"kind":"Field","name":{"kind":"Name","value":"logicalPath"}}]}}]}}]} as unknown as DocumentNode<ConsoleRenameOrMoveScriptMutation, ConsoleRenameOrMoveScriptMutationVariables>;
export const ConsoleDeleteScriptDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleDeleteScript"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteScript"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<ConsoleDeleteScriptMutation, ConsoleDeleteScriptMutationVariables>;