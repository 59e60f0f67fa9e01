import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { DayStats } from '../../api/types';
import { useT } from '../../hooks/useT';

/** The series of the chart, bottom to top, with the design system's colours. */
const SERIES = [
  { key: 'delivered', color: '#328048', label: 'dashboard.delivered' },
  { key: 'sent', color: '#4945ff', label: 'dashboard.sentAwaiting' },
  { key: 'unknown', color: '#d9822f', label: 'dashboard.unknown' },
  { key: 'failed', color: '#d02b20', label: 'dashboard.failed' },
] as const;

const HEIGHT = 180;
/** At most this many day labels: on a long period every few days is named (each bar names its day on hover). */
const DAY_LABELS = 15;

/**
 * Messages per day as stacked bars, drawn with plain boxes (no chart library): a flex row of days, so it
 * reads right to left in an RTL admin like the rest of the page. Each bar's cost is written under it.
 */
export function DayChart({ days }: { days: DayStats[] }) {
  const t = useT();
  const { formatDate, formatNumber } = useIntl();
  const totals = days.map((day) => day.sent + day.delivered + day.failed + day.unknown);
  const max = Math.max(1, ...totals);
  const label = (day: string) =>
    formatDate(new Date(`${day}T12:00:00Z`), { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const costOf = (day: DayStats) => day.cost.map((cost) => `${cost.amount} ${cost.currency}`).join(' ');
  // The latest day is always named, and every `step`-th before it.
  const step = Math.ceil(days.length / DAY_LABELS);
  const named = (index: number) => (days.length - 1 - index) % step === 0;
  // A long period opens on its latest days with messages, not on the empty ones at its start.
  const latest = React.useRef<HTMLDivElement>(null);
  const lastWithData = totals.reduce((last, total, index) => (total > 0 ? index : last), -1);
  React.useEffect(() => {
    latest.current?.scrollIntoView({ block: 'nearest', inline: 'end' });
  }, [lastWithData, days.length]);

  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="day-chart">
      <Flex gap={4} wrap="wrap">
        {SERIES.map((series) => (
          <Flex key={series.key} gap={2}>
            <Box width="12px" height="12px" hasRadius style={{ background: series.color }} />
            <Typography variant="pi">{t(series.label)}</Typography>
          </Flex>
        ))}
      </Flex>
      <Flex
        gap={1}
        alignItems="flex-end"
        paddingTop={2}
        // Room for the first and last day's names, which are wider than their columns.
        paddingLeft={4}
        paddingRight={4}
        style={{ overflowX: 'auto' }}
        role="img"
        aria-label={t('dashboard.chart')}
      >
        {days.map((day, index) => (
          <Flex
            key={day.day}
            ref={index === lastWithData ? latest : undefined}
            direction="column"
            alignItems="center"
            gap={1}
            style={{ flex: '1 0 28px', minWidth: 28 }}
            data-testid="day-column"
          >
            <Typography variant="pi" textColor="neutral600">
              {totals[index] ? formatNumber(totals[index]) : '\u00a0'}
            </Typography>
            <Flex
              direction="column-reverse"
              style={{ height: HEIGHT, width: '70%', justifyContent: 'flex-start' }}
              title={`${label(day.day)}: ${SERIES.map((series) => `${t(series.label)} ${day[series.key]}`).join(', ')}${
                costOf(day) ? ` · ${costOf(day)}` : ''
              }`}
            >
              {SERIES.map((series) =>
                day[series.key] > 0 ? (
                  <Box
                    key={series.key}
                    style={{ height: (day[series.key] / max) * HEIGHT, background: series.color, width: '100%' }}
                  />
                ) : null
              )}
            </Flex>
            <Typography
              variant="pi"
              textColor="neutral600"
              style={{ whiteSpace: 'nowrap', visibility: named(index) ? 'visible' : 'hidden' }}
              data-testid="day-label"
            >
              {label(day.day)}
            </Typography>
            {/* Written sideways: a cost ("12.80 KES") is wider than its day's column. */}
            <Typography
              variant="pi"
              textColor="neutral500"
              style={{ whiteSpace: 'nowrap', fontSize: 10, writingMode: 'vertical-rl', minHeight: 64 }}
              data-testid="day-cost"
            >
              {costOf(day) || '\u00a0'}
            </Typography>
          </Flex>
        ))}
      </Flex>
    </Flex>
  );
}
