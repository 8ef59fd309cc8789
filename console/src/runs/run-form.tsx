import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Group, MultiSelect, Select, Stack, Textarea, Tooltip } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ProblemAlert } from '../api/problem-alert';
import type { ConsoleScriptQuery } from '../gql/graphql';
import { useSessionState } from '../session/session-context';
import { canRun, holds } from '../session/permissions';
import { InputFilesQuery, StartRunMutation } from './run.operations';
import { parseRunInput } from './run-input';
import { UploadInputFile } from './upload-input-file';

const RELEASED = 'released';

/** Starts a run: JSON input (checked as typed), input files by key, and the version. */
export function RunForm({
  script,
  onStarted,
}: {
  script: ConsoleScriptQuery['script'];
  onStarted(runId: string): void;
}) {
  const { user } = useSessionState();
  const [input, setInput] = useState('{}');
  const [files, setFiles] = useState<string[]>([]);
  const [version, setVersion] = useState<string>(RELEASED);
  const [start, starting] = useMutation(StartRunMutation);
  const readsFiles = holds(user, 'files:read');
  const storedFiles = useQuery(InputFilesQuery, { variables: { prefix: null }, skip: !readsFiles });
  const allowance = canRun(user);
  const parsed = parseRunInput(input);
  const inputError = 'error' in parsed ? parsed.error : undefined;
  const versions = Array.from({ length: script.version }, (_, index) => script.version - index);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!('value' in parsed)) return;
    const { data } = await start({
      variables: {
        path: script.logicalPath,
        input: parsed.value,
        files: files.length ? files : null,
        version: version === RELEASED ? null : Number(version),
      },
    }).catch(() => ({ data: undefined }));
    if (data) onStarted(data.startScriptRun.id);
  };

  return (
    <form onSubmit={submit} aria-label="Start a run">
      <Stack gap="sm">
        <Textarea
          label="Input (a JSON object)"
          value={input}
          onChange={(event) => setInput(event.currentTarget.value)}
          error={inputError}
          autosize
          minRows={3}
          styles={{ input: { fontFamily: 'monospace' } }}
        />
        <Group grow align="flex-start">
          <MultiSelect
            label="Input files"
            description={
              readsFiles ? 'Stored files placed in the run folder as in/<name>' : 'Picking files needs files:read'
            }
            // The chosen keys too: a file just uploaded may be beyond the listing's first 200.
            data={[...new Set([...(storedFiles.data?.files ?? []).map((file) => file.key), ...files])]}
            value={files}
            onChange={setFiles}
            searchable
            disabled={!readsFiles}
          />
          <Select
            label="Version"
            data={[
              {
                value: RELEASED,
                label: script.releasedVersion
                  ? `released (v${script.releasedVersion})`
                  : `released (none: newest, v${script.version})`,
              },
              ...versions.map((one) => ({ value: String(one), label: `v${one}` })),
            ]}
            value={version}
            onChange={(value) => setVersion(value ?? RELEASED)}
            allowDeselect={false}
          />
        </Group>
        <UploadInputFile onUploaded={(key) => setFiles((current) => [...current, key])} />
        <ProblemAlert error={starting.error} title="The run did not start" />
        <Group>
          {allowance.allowed ? (
            <Button type="submit" loading={starting.loading} disabled={inputError !== undefined}>
              Run
            </Button>
          ) : (
            <Tooltip label={allowance.reason}>
              <Button disabled>Run</Button>
            </Tooltip>
          )}
        </Group>
      </Stack>
    </form>
  );
}
