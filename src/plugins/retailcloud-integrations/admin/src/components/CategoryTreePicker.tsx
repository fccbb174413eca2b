import { Box, Checkbox, Flex, IconButton, TextButton, Typography } from '@strapi/design-system';
import { ChevronDown, ChevronRight } from '@strapi/icons';
import { useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import type { EcwidChoices } from '../../../contracts/ecwid';
import { getTranslation } from '../utils/getTranslation';

type Category = EcwidChoices['categories'][number];

interface Node extends Category {
  children: Node[];
}

/** The classifications as a tree, by name at each level; a category whose parent is unknown sits at the top. */
export const buildTree = (categories: Category[]): Node[] => {
  const nodes = new Map<number, Node>(categories.map((c) => [c.id, { ...c, children: [] }]));
  const roots: Node[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: Node[]) => {
    list.sort((a, b) => a.name.localeCompare(b.name));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
};

/** A node and everything below it (cycles in bad data are cut). */
const subtreeIds = (node: Node, seen = new Set<number>()): number[] => {
  if (seen.has(node.id)) return [];
  seen.add(node.id);
  return [node.id, ...node.children.flatMap((c) => subtreeIds(c, seen))];
};

/**
 * Shared classifications as the classification tree: ticking one shares it and everything below it, unticking takes
 * them out; a branch partly shared shows a dash. Nothing ticked shares every classification.
 */
export const CategoryTreePicker = ({
  categories,
  value,
  onChange,
  disabled,
  labelId,
}: {
  categories: Category[];
  /** the ticked classification ids; empty = every classification */
  value: number[];
  onChange: (ids: number[]) => void;
  disabled?: boolean;
  labelId: string;
}) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const tree = useMemo(() => buildTree(categories), [categories]);
  const [collapsed, setCollapsed] = useState<Set<number>>(new Set());
  const ticked = new Set(value);

  const toggle = (node: Node, on: boolean) => {
    const next = new Set(ticked);
    for (const id of subtreeIds(node)) {
      if (on) next.add(id);
      else next.delete(id);
    }
    onChange([...next].sort((a, b) => a - b));
  };
  const state = (node: Node): boolean | 'indeterminate' => {
    const ids = subtreeIds(node);
    const on = ids.filter((id) => ticked.has(id)).length;
    return on === 0 ? false : on === ids.length ? true : 'indeterminate';
  };
  const flip = (id: number) => {
    const next = new Set(collapsed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCollapsed(next);
  };

  const row = (node: Node, depth: number) => (
    <Box key={node.id} tag="li" style={{ listStyle: 'none' }}>
      <Flex gap={1} paddingLeft={depth * 6} alignItems="center" minHeight="3.2rem">
        {node.children.length ? (
          <IconButton
            variant="ghost"
            size="S"
            label={
              collapsed.has(node.id)
                ? t('categories.expand', 'Show what is inside {name}', { name: node.name })
                : t('categories.collapse', 'Hide what is inside {name}', { name: node.name })
            }
            onClick={() => flip(node.id)}
          >
            {collapsed.has(node.id) ? <ChevronRight /> : <ChevronDown />}
          </IconButton>
        ) : (
          <Box width="3.2rem" />
        )}
        <Checkbox
          checked={state(node)}
          disabled={disabled}
          onCheckedChange={(checked: boolean | 'indeterminate') => toggle(node, checked === true)}
        >
          {node.children.length
            ? t('categories.branch', '{name} ({count} inside)', { name: node.name, count: subtreeIds(node).length - 1 })
            : node.name}
        </Checkbox>
      </Flex>
      {node.children.length && !collapsed.has(node.id) ? (
        <Box tag="ul" padding={0} margin={0}>
          {node.children.map((child) => row(child, depth + 1))}
        </Box>
      ) : null}
    </Box>
  );

  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Flex gap={3} alignItems="center">
        <Typography variant="pi" textColor="neutral600" aria-live="polite">
          {value.length === 0
            ? t('categories.all', 'Every classification is shared.')
            : t('categories.some', '{count} of {total} classifications shared.', {
                count: value.length,
                total: categories.length,
              })}
        </Typography>
        {value.length ? (
          <TextButton disabled={disabled} onClick={() => onChange([])}>
            {t('categories.shareAll', 'Share every classification')}
          </TextButton>
        ) : null}
      </Flex>
      <Box
        tag="ul"
        aria-labelledby={labelId}
        borderColor="neutral200"
        borderStyle="solid"
        borderWidth="1px"
        hasRadius
        padding={2}
        margin={0}
        maxHeight="32rem"
        overflow="auto"
      >
        {tree.length ? (
          tree.map((node) => row(node, 0))
        ) : (
          <Box tag="li" style={{ listStyle: 'none' }} padding={2}>
            <Typography textColor="neutral600">{t('categories.none', 'No classifications are loaded yet.')}</Typography>
          </Box>
        )}
      </Box>
    </Flex>
  );
};
