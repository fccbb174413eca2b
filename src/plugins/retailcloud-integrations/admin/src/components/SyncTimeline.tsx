import { Flex, Typography, VisuallyHidden } from '@strapi/design-system';
import { useId } from 'react';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';
import { runKindLabel } from '../utils/runWords';
import type { RunStatus, SyncRunView } from './syncRunView';

const WIDTH = 1000;
const LEFT = 150;
const RIGHT = 24;
const LANE = 30;
const TOP = 10;
const AXIS = 34;
const MARK = 7;

/** Status colours of the design system (success600, warning600, danger600, primary600); the shape says it too. */
const COLOUR: Record<RunStatus, string> = {
  done: '#328048',
  partial: '#be5d01',
  failed: '#d02b20',
  running: '#4945ff',
  cancelled: '#666687',
  waiting: '#0c75af',
};

/** One shape per status, so the status never rests on colour alone: ● done, ◆ partly done, ✕ failed, ○ running, ■ cancelled, ‖ waiting for the call budget. */
export const StatusMark = ({
  status,
  x,
  y,
  size = MARK,
}: {
  status: RunStatus;
  x: number;
  y: number;
  size?: number;
}) => {
  const colour = COLOUR[status];
  switch (status) {
    case 'done':
      return <circle cx={x} cy={y} r={size - 1} fill={colour} />;
    case 'partial':
      return <path d={`M ${x} ${y - size} L ${x + size} ${y} L ${x} ${y + size} L ${x - size} ${y} Z`} fill={colour} />;
    case 'failed':
      return (
        <path
          d={`M ${x - size} ${y - size} L ${x + size} ${y + size} M ${x + size} ${y - size} L ${x - size} ${y + size}`}
          stroke={colour}
          strokeWidth={3.5}
          strokeLinecap="round"
        />
      );
    case 'cancelled':
      return <rect x={x - size + 1} y={y - size + 1} width={2 * size - 2} height={2 * size - 2} fill={colour} />;
    case 'waiting':
      return (
        <path
          d={`M ${x - size + 2} ${y - size} L ${x - size + 2} ${y + size} M ${x + size - 2} ${y - size} L ${x + size - 2} ${y + size}`}
          stroke={colour}
          strokeWidth={3.5}
          strokeLinecap="round"
        />
      );
    default:
      return <circle cx={x} cy={y} r={size - 2} fill="none" stroke={colour} strokeWidth={2.5} />;
  }
};

export interface TimelineRun extends Pick<SyncRunView, 'id' | 'kind' | 'status' | 'startedAt' | 'finishedAt'> {
  failures?: SyncRunView['failures'];
}

/** Where runs sit on the time axis: one lane per kind (first seen first), x from the earliest start to the latest end. */
export const timelineLayout = (runs: TimelineRun[], now = Date.now()) => {
  const kinds = [...new Set([...runs].reverse().map((r) => r.kind))];
  const starts = runs.map((r) => Date.parse(r.startedAt));
  const ends = runs.map((r) => (r.finishedAt ? Date.parse(r.finishedAt) : now));
  let from = Math.min(...starts);
  let to = Math.max(...ends, ...starts);
  if (to - from < 60_000) {
    // a single instant (or runs seconds apart): a minute of axis around them, so marks do not sit on the edges
    const middle = (from + to) / 2;
    from = middle - 30_000;
    to = middle + 30_000;
  }
  const pad = (to - from) * 0.03;
  from -= pad;
  to += pad;
  const x = (ms: number) => LEFT + ((ms - from) / (to - from)) * (WIDTH - LEFT - RIGHT);
  return {
    kinds,
    from,
    to,
    x,
    lane: (kind: string) => TOP + kinds.indexOf(kind) * LANE + LANE / 2,
    height: TOP + kinds.length * LANE + AXIS,
  };
};

/**
 * The recent runs on a time axis, one lane per kind, failures marked: each run is a shape by status (and coloured), a
 * line for how long it ran, and the number of failed items beside a failed or partial run. The picture has a text
 * alternative (title and description), a title per mark, and a visually hidden table of the same runs.
 */
export const SyncTimeline = ({ runs }: { runs: TimelineRun[] }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const titleId = useId();
  const descId = useId();
  if (runs.length === 0) return null;
  const layout = timelineLayout(runs);
  const statusLabel = (s: RunStatus) => t(`run.status.${s}`, s);
  const failedCount = (r: TimelineRun) => (r.failures ?? []).filter((f) => !f.reason.startsWith('skipped')).length;
  const when = (iso: string) => new Date(iso).toLocaleString();
  const label = (r: TimelineRun) =>
    t('timeline.mark', '{kind}: {status}, started {when}{failed}', {
      kind: runKindLabel(t, r.kind),
      status: statusLabel(r.status),
      when: when(r.startedAt),
      failed: failedCount(r) ? t('timeline.mark.failed', ', {count} failed items', { count: failedCount(r) }) : '',
    });
  const title = t('timeline.title', 'Timeline of sync runs');
  const failedRuns = runs.filter((r) => r.status === 'failed' || r.status === 'partial').length;
  const summary = t('timeline.summary', '{count} runs from {from} to {to}, {failed} with failures.', {
    count: runs.length,
    from: when(runs[runs.length - 1].startedAt),
    to: when(runs[0].startedAt),
    failed: failedRuns,
  });
  const spanDays = (layout.to - layout.from) / 86_400_000;
  const tick = (ms: number) =>
    spanDays > 1
      ? new Date(ms).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
      : new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const ticks = [0, 1, 2, 3, 4].map((i) => layout.from + ((layout.to - layout.from) * i) / 4);
  const axisY = layout.height - AXIS + 6;
  const legend: RunStatus[] = ['done', 'partial', 'failed', 'running', 'cancelled', 'waiting'];

  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Typography variant="sigma" textColor="neutral600" tag="h3">
        {title}
      </Typography>
      <svg
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        viewBox={`0 0 ${WIDTH} ${layout.height}`}
        width="100%"
        data-testid="sync-timeline"
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{summary}</desc>
        {layout.kinds.map((kind) => (
          <g key={kind}>
            <line
              x1={LEFT}
              x2={WIDTH - RIGHT}
              y1={layout.lane(kind)}
              y2={layout.lane(kind)}
              stroke="#dcdce4"
              strokeDasharray="2 4"
            />
            <text x={LEFT - 10} y={layout.lane(kind) + 4} fontSize={12} textAnchor="end" fill="currentColor">
              {runKindLabel(t, kind)}
            </text>
          </g>
        ))}
        <line x1={LEFT} x2={WIDTH - RIGHT} y1={axisY} y2={axisY} stroke="currentColor" />
        {ticks.map((ms, i) => (
          <g key={ms}>
            <line x1={layout.x(ms)} x2={layout.x(ms)} y1={axisY} y2={axisY + 4} stroke="currentColor" />
            <text
              x={layout.x(ms)}
              y={axisY + 18}
              fontSize={11}
              textAnchor={i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'}
              fill="currentColor"
            >
              {tick(ms)}
            </text>
          </g>
        ))}
        {[...runs].reverse().map((r) => {
          const y = layout.lane(r.kind);
          const x0 = layout.x(Date.parse(r.startedAt));
          const x1 = layout.x(r.finishedAt ? Date.parse(r.finishedAt) : Date.now());
          const failed = failedCount(r);
          return (
            <g key={r.id} data-status={r.status}>
              <title>{label(r)}</title>
              {x1 - x0 > 3 ? (
                <line x1={x0} x2={x1} y1={y} y2={y} stroke={COLOUR[r.status]} strokeWidth={3} opacity={0.6} />
              ) : null}
              <StatusMark status={r.status} x={x0} y={y} />
              {failed > 0 ? (
                <text x={x0 + MARK + 3} y={y - MARK + 2} fontSize={11} fontWeight="bold" fill={COLOUR[r.status]}>
                  {failed}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <Flex gap={4} wrap="wrap" aria-hidden>
        {legend.map((s) => (
          <Flex key={s} gap={1}>
            <svg width={18} height={18} viewBox="0 0 18 18" aria-hidden>
              <StatusMark status={s} x={9} y={9} size={6} />
            </svg>
            <Typography variant="pi">{statusLabel(s)}</Typography>
          </Flex>
        ))}
        <Typography variant="pi" textColor="neutral600">
          {t('timeline.legend.count', 'Number beside a mark: its failed items')}
        </Typography>
      </Flex>
      <VisuallyHidden tag="div">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('history.time', 'Started')}</th>
              <th scope="col">{t('history.kind', 'Kind')}</th>
              <th scope="col">{t('history.status', 'Status')}</th>
              <th scope="col">{t('history.failures', 'Failed items')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>{when(r.startedAt)}</td>
                <td>{runKindLabel(t, r.kind)}</td>
                <td>{statusLabel(r.status)}</td>
                <td>{failedCount(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Flex>
  );
};
