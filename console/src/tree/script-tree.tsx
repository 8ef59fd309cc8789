import { ActionIcon, Anchor, Box, Group, Loader, Menu, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { Link } from 'react-router-dom';
import type { ConsoleUser } from '../session/session-api';
import { actionsFor, anyAllowed, type TreeActionKind, type TreeTarget } from './tree-actions';
import { rowKey, type TreeRow } from './tree-model';

const ROW_HEIGHT = 34;
const INDENT = 20;

interface ScriptTreeProps {
  rows: TreeRow[];
  user: ConsoleUser | null;
  onToggle(folderId: string): void;
  onAction(kind: TreeActionKind, target: TreeTarget): void;
}

function ItemMenu({
  user,
  target,
  name,
  onAction,
}: { user: ConsoleUser | null; target: TreeTarget; name: string } & Pick<ScriptTreeProps, 'onAction'>) {
  const actions = actionsFor(user, target);
  if (!anyAllowed(actions)) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" size="sm" aria-label={`Actions for ${name}`}>
          ⋯
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {actions.map((action) =>
          action.allowance.allowed ? (
            <Menu.Item
              key={action.kind}
              color={action.kind === 'delete' ? 'red' : undefined}
              onClick={() => onAction(action.kind, target)}
            >
              {action.label}
            </Menu.Item>
          ) : (
            <Tooltip key={action.kind} label={action.allowance.reason} position="left">
              <div>
                <Menu.Item disabled aria-description={action.allowance.reason}>
                  {action.label}
                </Menu.Item>
              </div>
            </Tooltip>
          ),
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

export function ScriptTreeRow({ row, ...props }: { row: TreeRow } & Omit<ScriptTreeProps, 'rows'>) {
  if (row.kind === 'loading') {
    return (
      <Group gap="xs" wrap="nowrap" pl={row.depth * INDENT + 20} h={ROW_HEIGHT}>
        <Loader size="xs" aria-label="Loading the folder" />
      </Group>
    );
  }
  if (row.kind === 'folder') {
    const { folder } = row;
    return (
      <Group gap="xs" wrap="nowrap" pl={row.depth * INDENT} h={ROW_HEIGHT} data-testid="tree-folder">
        <UnstyledButton
          onClick={() => props.onToggle(folder.id)}
          aria-expanded={row.expanded}
          aria-label={`${row.expanded ? 'Collapse' : 'Expand'} folder ${folder.path}`}
          style={{ display: 'flex', gap: 6, alignItems: 'center', minWidth: 0 }}
        >
          <Text span w={14} aria-hidden>
            {row.expanded ? '▾' : '▸'}
          </Text>
          <Text span fw={500} truncate>
            📁 {row.label}
          </Text>
        </UnstyledButton>
        <Text span size="xs" c="dimmed" style={{ flexShrink: 0 }}>
          {folder.childCount} · {folder.owner?.login ?? 'no owner'}
        </Text>
        <Box ml="auto">
          <ItemMenu
            user={props.user}
            target={{ kind: 'folder', folder }}
            name={folder.path}
            onAction={props.onAction}
          />
        </Box>
      </Group>
    );
  }
  const { script } = row;
  return (
    <Group gap="xs" wrap="nowrap" pl={row.depth * INDENT + 20} h={ROW_HEIGHT} data-testid="tree-script">
      <Anchor component={Link} to={`/scripts/${script.id}`} truncate>
        {row.label}
      </Anchor>
      <Text span size="xs" c="dimmed" style={{ flexShrink: 0 }}>
        v{script.version}
        {script.releasedVersion ? ` · released v${script.releasedVersion}` : ''} · {script.owner?.login ?? 'no owner'}
      </Text>
      <Box ml="auto">
        <ItemMenu
          user={props.user}
          target={{ kind: 'script', script }}
          name={script.logicalPath}
          onAction={props.onAction}
        />
      </Box>
    </Group>
  );
}

/** The tree as rows, only those in view in the DOM: ten thousand scripts scroll like ten. */
export function ScriptTree({ rows, ...props }: ScriptTreeProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Before the first layout (and in tests without one), assume a window-sized viewport.
    initialRect: { width: 800, height: 700 },
    getItemKey: (index) => rowKey(rows[index]!),
  });
  return (
    <Box
      ref={scroller}
      h="calc(100vh - 190px)"
      style={{ overflow: 'auto' }}
      data-testid="script-tree"
      aria-label="Script tree"
      role="region"
      tabIndex={0}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.key}
            style={{ position: 'absolute', top: 0, left: 0, right: 8, transform: `translateY(${item.start}px)` }}
          >
            <ScriptTreeRow row={rows[item.index]!} {...props} />
          </div>
        ))}
      </div>
    </Box>
  );
}
