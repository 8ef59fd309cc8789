import { useApolloClient } from '@apollo/client/react';
import { Button, FileButton, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { ProblemAlert } from '../api/problem-alert';
import { useSessionState } from '../session/session-context';
import { holds } from '../session/permissions';
import { uploadFile } from './file-upload';
import { InputFilesQuery } from './run.operations';

/**
 * Uploads a file from this computer into the file store, with its progress, and hands its key
 * on (the run form picks it as an input file). Needs `files:write`; without it, says so.
 */
export function UploadInputFile({ onUploaded }: { onUploaded(key: string): void }) {
  const { user } = useSessionState();
  const client = useApolloClient();
  const [progress, setProgress] = useState<{ name: string; fraction: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [uploaded, setUploaded] = useState<string | null>(null);

  const upload = async (file: File | null) => {
    if (!file) return;
    setError(null);
    setUploaded(null);
    setProgress({ name: file.name, fraction: 0 });
    try {
      const key = await uploadFile(client, file, (fraction) => setProgress({ name: file.name, fraction }));
      await client.refetchQueries({ include: [InputFilesQuery] });
      setUploaded(key);
      onUploaded(key);
    } catch (caught) {
      setError(caught);
    } finally {
      setProgress(null);
    }
  };

  if (!holds(user, 'files:write')) {
    return (
      <Tooltip label="Uploading needs files:write">
        <Button variant="default" disabled>
          Upload a file
        </Button>
      </Tooltip>
    );
  }
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <FileButton onChange={(file) => void upload(file)}>
          {(props) => (
            <Button {...props} variant="default" loading={progress !== null}>
              Upload a file
            </Button>
          )}
        </FileButton>
        {uploaded && (
          <Text size="sm" c="dimmed" data-testid="uploaded-key">
            Uploaded as {uploaded}
          </Text>
        )}
      </Group>
      {progress && (
        <Progress
          value={Math.round(progress.fraction * 100)}
          aria-label={`Uploading ${progress.name}`}
          data-testid="upload-progress"
        />
      )}
      <ProblemAlert error={error} title="The file was not uploaded" />
    </Stack>
  );
}
