import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Breadcrumbs, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ProblemAlert } from '../api/problem-alert';
import { ScriptRunsTab } from '../runs/script-runs-tab';
import { EtlBindingForm } from './etl-binding-form';
import { ScriptEditorTab } from './script-editor-tab';
import { ScriptQuery } from './script.operations';
import { VersionsTab } from './versions-tab';

const TABS = ['editor', 'versions', 'etl', 'runs'] as const;
type Tab = (typeof TABS)[number];

/** A script: its editor, versions and diffs, ETL binding and runs, each tab at its own URL. */
export function ScriptPage() {
  const { scriptId = '', tab: tabParam } = useParams();
  const navigate = useNavigate();
  const tab: Tab = TABS.includes(tabParam as Tab) ? (tabParam as Tab) : 'editor';
  const { data, loading, error } = useQuery(ScriptQuery, { variables: { id: scriptId } });
  if (error && !data) return <ProblemAlert error={error} title="The script could not be loaded" />;
  if (loading && !data) return <Loader aria-label="Loading the script" />;
  const script = data!.script;
  const segments = script.logicalPath.split('/');

  return (
    <Stack gap="sm">
      <Breadcrumbs aria-label="Path">
        <Anchor component={Link} to="/">
          Scripts
        </Anchor>
        {segments.slice(0, -1).map((segment, index) => (
          <Anchor key={index} component={Link} to={`/?q=${encodeURIComponent(segment)}`}>
            {segment}
          </Anchor>
        ))}
      </Breadcrumbs>
      <Group justify="space-between">
        <Title order={1} size="h3">
          {script.name}
        </Title>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            Owner {script.owner?.displayName ?? script.owner?.login ?? 'unknown'}
          </Text>
          <Badge variant="dot">version {script.version}</Badge>
          <Badge variant="dot" color={script.released ? 'green' : 'gray'} data-testid="release-state">
            {script.releasedVersion ? `released v${script.releasedVersion}` : 'never released'}
          </Badge>
        </Group>
      </Group>
      <Tabs
        value={tab}
        onChange={(value) => navigate(`/scripts/${scriptId}${value === 'editor' ? '' : `/${value}`}`)}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="editor">Editor</Tabs.Tab>
          <Tabs.Tab value="versions">Versions</Tabs.Tab>
          <Tabs.Tab value="etl">ETL binding</Tabs.Tab>
          <Tabs.Tab value="runs">Runs</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="editor" pt="md">
          <ScriptEditorTab script={script} />
        </Tabs.Panel>
        <Tabs.Panel value="versions" pt="md">
          <VersionsTab scriptId={script.id} />
        </Tabs.Panel>
        <Tabs.Panel value="etl" pt="md">
          <EtlBindingForm script={script} />
        </Tabs.Panel>
        <Tabs.Panel value="runs" pt="md">
          <ScriptRunsTab script={script} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
