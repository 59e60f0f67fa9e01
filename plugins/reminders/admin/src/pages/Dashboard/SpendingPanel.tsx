import { Badge, Box, Flex, Grid, Typography } from '@strapi/design-system';
import type { DashboardSpending, SpendFigure } from '../../../../contracts/dashboard';
import { Section } from '../../components/Section';
import { useT } from '../../hooks/useT';

/** At or over the limit, from the warning share (80 %), or below it. */
const toneOf = (percent: number | null) =>
  percent === null ? 'neutral' : percent >= 100 ? 'danger' : percent >= 80 ? 'warning' : 'success';

/** One period's spend: the amount against its limit, the share, and a bar filled up to it. */
function SpendRow({ label, figure, currency }: { label: string; figure: SpendFigure; currency: string }) {
  const t = useT();
  const tone = toneOf(figure.percent);
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="spend">
      <Flex justifyContent="space-between" gap={2} wrap="wrap">
        <Typography variant="sigma" textColor="neutral600">
          {label}
        </Typography>
        {figure.percent !== null && (
          <Badge
            backgroundColor={`${tone}100`}
            textColor={`${tone}700`}
            borderColor={`${tone}200`}
            data-testid="spend-percent"
          >
            {tone === 'danger' ? t('spending.atCap', { percent: figure.percent }) : `${figure.percent} %`}
          </Badge>
        )}
      </Flex>
      <Typography variant="beta" data-testid="spend-amount">
        {figure.limit === null
          ? t('spending.noLimit', { spent: figure.spent, currency })
          : t('spending.ofLimit', { spent: figure.spent, limit: figure.limit, currency })}
      </Typography>
      {figure.percent !== null && (
        <Box
          background="neutral150"
          hasRadius
          height="0.8rem"
          overflow="hidden"
          role="meter"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.min(100, figure.percent)}
        >
          <Box background={`${tone}500`} height="100%" width={`${Math.min(100, figure.percent)}%`} />
        </Box>
      )}
      {Number(figure.reserved) > 0 && (
        <Typography variant="pi" textColor="neutral600">
          {t('spending.inFlight', { reserved: figure.reserved, currency })}
        </Typography>
      )}
    </Flex>
  );
}

/** SMS spend today and this month against the spending cap (Settings), in the account currency. */
export function SpendingPanel({ spending }: { spending: DashboardSpending }) {
  const t = useT();
  const currency = spending.currency ?? '';
  return (
    <Section title={t('spending.title')} subtitle={t('spending.subtitle')} testId="spending">
      <Grid.Root gap={6}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <SpendRow label={t('spending.today')} figure={spending.today} currency={currency} />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <SpendRow label={t('spending.month')} figure={spending.month} currency={currency} />
        </Grid.Item>
      </Grid.Root>
    </Section>
  );
}
