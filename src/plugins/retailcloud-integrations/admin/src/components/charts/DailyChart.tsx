import { Box, Flex, Typography } from '@strapi/design-system';
import { useId } from 'react';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** One series of a daily chart: a key of each row, its legend name, its colour, drawn as bars or a line. */
export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  kind?: 'bar' | 'line';
  /** a hatched look for a second bar series (outlined, dashed) */
  dashed?: boolean;
}

/** A horizontal line across the chart (a baseline, a target), named in the legend beside the series. */
export interface ChartReference {
  value: number;
  label: string;
  color: string;
}

export interface DailyChartProps<Row extends Record<string, string | number | null>> {
  /** one row per day (or any ordered category), in order */
  data: Row[];
  /** the key of each row's day, YYYY-MM-DD (any text works: it is shown as it is when not a date) */
  xKey: keyof Row & string;
  series: ChartSeries[];
  /** how a value reads on the axis and in tooltips, e.g. "£1,234.50" (the caller knows the unit and the currency) */
  formatValue: (value: number) => string;
  /** a shorter form for the axis ticks (default: formatValue) */
  formatTick?: (value: number) => string;
  references?: ChartReference[];
  /** the chart's name, for screen readers and as its caption */
  title: string;
  /** what the chart shows in words (e.g. the figures per day), for screen readers */
  description?: string;
  height?: number;
  locale?: string;
}

const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
/** A day as "Mon 12 Oct" in the reader's locale, read as a calendar day (no time zone shift). */
const dayLabel = (v: unknown, locale: string | undefined, long = false) => {
  if (!isDay(v)) return String(v ?? '');
  const [y, m, d] = v.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(locale, {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    ...(long ? { weekday: 'short', year: 'numeric' } : {}),
  });
};

/**
 * A readable daily chart (recharts): dates along the bottom, spaced so they never collide however long the period,
 * values with their unit on the left axis, a tooltip with every series of the hovered day, a legend naming each series
 * and each reference line (the lines carry no text of their own, so no label ever sits on the bars). Generic: the
 * caller gives rows, series, the value format and the lines; the promotion report and the accounting charts use it.
 */
export const DailyChart = <Row extends Record<string, string | number | null>>({
  data,
  xKey,
  series,
  formatValue,
  formatTick,
  references = [],
  title,
  description,
  height = 320,
  locale,
}: DailyChartProps<Row>) => {
  const descId = useId();
  const legend = [
    ...series.map((s) => ({ label: s.label, color: s.color, line: s.kind === 'line', dashed: Boolean(s.dashed) })),
    ...references.map((r) => ({ label: r.label, color: r.color, line: true, dashed: true })),
  ];
  return (
    <Box>
      <Typography variant="sigma" textColor="neutral600" tag="p">
        {title}
      </Typography>
      {description ? (
        <p id={descId} style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
          {description}
        </p>
      ) : null}
      <div role="img" aria-label={title} aria-describedby={description ? descId : undefined} style={{ width: '100%' }}>
        <ResponsiveContainer width="100%" height={height}>
          <ComposedChart data={data} margin={{ top: 16, right: 24, bottom: 8, left: 16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#dcdce4" />
            <XAxis
              dataKey={(row: Row) => row[xKey]}
              tickFormatter={(v) => dayLabel(v, locale)}
              minTickGap={24}
              interval="preserveStartEnd"
              tick={{ fontSize: 12, fill: '#666687' }}
              tickLine={false}
              axisLine={{ stroke: '#a5a5ba' }}
            />
            <YAxis
              tickFormatter={(v: number) => (formatTick ?? formatValue)(v)}
              width={96}
              tick={{ fontSize: 12, fill: '#666687' }}
              tickLine={false}
              axisLine={false}
            />
            <Tooltip
              formatter={(value, name) => [formatValue(Number(value)), name]}
              labelFormatter={(v) => dayLabel(v, locale, true)}
              cursor={{ fill: 'rgba(73, 69, 255, 0.06)' }}
            />
            {series.map((s) =>
              s.kind === 'line' ? (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stroke={s.color}
                  strokeWidth={2}
                  dot={false}
                  isAnimationActive={false}
                />
              ) : (
                <Bar
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  fill={s.dashed ? `${s.color}55` : s.color}
                  stroke={s.dashed ? s.color : undefined}
                  strokeDasharray={s.dashed ? '4 2' : undefined}
                  maxBarSize={28}
                  isAnimationActive={false}
                />
              )
            )}
            {references.map((r) => (
              <ReferenceLine
                key={r.label}
                y={r.value}
                stroke={r.color}
                strokeWidth={2}
                strokeDasharray="8 4"
                ifOverflow="extendDomain"
              />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <Flex tag="ul" gap={5} justifyContent="center" wrap="wrap" paddingTop={2}>
        {legend.map((l) => (
          <Flex tag="li" key={l.label} gap={2} alignItems="center">
            <span
              aria-hidden
              style={
                l.line
                  ? { width: 24, height: 0, borderTop: `2px ${l.dashed ? 'dashed' : 'solid'} ${l.color}` }
                  : {
                      width: 12,
                      height: 12,
                      background: l.dashed ? `${l.color}55` : l.color,
                      border: l.dashed ? `1px dashed ${l.color}` : undefined,
                    }
              }
            />
            <Typography variant="pi">{l.label}</Typography>
          </Flex>
        ))}
      </Flex>
    </Box>
  );
};
