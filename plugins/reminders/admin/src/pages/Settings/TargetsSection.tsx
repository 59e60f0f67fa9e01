import * as React from 'react';
import { Alert, Badge, Box, Button, Dialog, Flex, Loader, Typography } from '@strapi/design-system';
import { Pencil, Plus, Trash } from '@strapi/icons';
import { ConfirmDialog, useNotification } from '@strapi/strapi/admin';
import type { Resource } from '../../api/request';
import { useTargetsApi } from '../../api/targets';
import type { MappedTarget, TargetMapping, TargetsOverview } from '../../api/types';
import { Section } from '../../components/Section';
import { useNotifyProblem } from '../../hooks/useNotifyProblem';
import { useProblem } from '../../hooks/useProblem';
import { type MessageKey, useT } from '../../hooks/useT';
import { TargetForm } from './TargetForm';

/** The parts of a mapping a target's summary names, in the form's order. */
const SUMMARY: (keyof TargetMapping)[] = [
  'phone',
  'name',
  'language',
  'timezone',
  'label',
  'staffPhone',
  'email',
  'anchors',
  'statuses',
  'amounts',
  'currencyField',
  'currency',
  'locale',
];

/** One mapped target: its name, key and type, where it is mapped, how, and what is wrong with it. */
function TargetCard({
  target,
  onEdit,
  onRemoved,
}: {
  target: MappedTarget;
  onEdit: () => void;
  onRemoved: () => void;
}) {
  const t = useT();
  const api = useTargetsApi();
  const notifyProblem = useNotifyProblem();
  const { toggleNotification } = useNotification();
  const fromConfig = target.source === 'config';
  const summary = SUMMARY.flatMap((part) => {
    const value = target.mapping[part];
    const shown = Array.isArray(value) ? value.join(', ') : value;
    return shown ? [`${t(`targets.part.${part}` as MessageKey)}: ${shown}`] : [];
  });

  const remove = async () => {
    try {
      await api.remove(target.key);
      toggleNotification({ type: 'success', message: t('targets.deleted', { name: target.displayName }) });
      onRemoved();
    } catch (error) {
      notifyProblem(error);
    }
  };

  return (
    <Box
      padding={4}
      hasRadius
      borderColor="neutral200"
      background="neutral100"
      data-testid="target"
      data-key={target.key}
      data-source={target.source}
    >
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex justifyContent="space-between" alignItems="flex-start" gap={4} wrap="wrap">
          <Flex direction="column" alignItems="flex-start" gap={1} style={{ minWidth: 0, flex: 1 }}>
            <Flex gap={2} wrap="wrap">
              <Typography variant="omega" fontWeight="bold" tag="h3">
                {target.displayName}
              </Typography>
              <Badge variant={fromConfig ? 'secondary' : 'success'} data-testid="target-source">
                {/* A file's name, as it is written (a badge is otherwise in capitals). */}
                <span style={{ textTransform: 'none' }}>
                  {fromConfig ? t('targets.source.config') : t('targets.source.settings')}
                </span>
              </Badge>
            </Flex>
            <Typography variant="pi" textColor="neutral600" dir="ltr" style={{ wordBreak: 'break-all' }}>
              {`${target.key} · ${target.mapping.uid}`}
            </Typography>
            {summary.length > 0 && (
              <Typography variant="pi" textColor="neutral700" style={{ overflowWrap: 'anywhere' }}>
                {summary.join(' · ')}
              </Typography>
            )}
          </Flex>
          {fromConfig ? (
            <Typography variant="pi" textColor="neutral600">
              {t('targets.readOnly')}
            </Typography>
          ) : (
            <Flex gap={2}>
              <Button variant="secondary" startIcon={<Pencil />} onClick={onEdit}>
                {t('targets.edit')}
              </Button>
              <Dialog.Root>
                <Dialog.Trigger>
                  <Button variant="danger-light" startIcon={<Trash />}>
                    {t('targets.delete')}
                  </Button>
                </Dialog.Trigger>
                <ConfirmDialog onConfirm={remove} title={t('targets.deleteTitle', { name: target.displayName })}>
                  {t('targets.deleteConfirm', { name: target.displayName })}
                </ConfirmDialog>
              </Dialog.Root>
            </Flex>
          )}
        </Flex>
        {target.problems.length > 0 && (
          <Alert
            variant="danger"
            closeLabel={t('actions.close')}
            title={t('targets.problems')}
            data-testid="target-problems"
          >
            {target.problems.join(' ')}
          </Alert>
        )}
        {target.unindexedAnchors.map((field) => (
          <Alert
            key={field}
            variant="warning"
            closeLabel={t('actions.close')}
            title={t('targets.unindexed.title', { field })}
            data-testid="target-unindexed"
          >
            {t('targets.unindexed', { field, key: target.key })}
          </Alert>
        ))}
      </Flex>
    </Box>
  );
}

/**
 * Settings: the host's own collection types as reminder targets. Those mapped in config/plugins.ts are shown
 * read-only; an admin maps more here (a form offering each type's fitting fields), edits and unmaps them.
 */
export function TargetsSection({ overview }: { overview: Resource<TargetsOverview> }) {
  const t = useT();
  const problem = useProblem();
  /** The form: closed (null), a new target (undefined key), or the target being edited. */
  const [form, setForm] = React.useState<{ editing?: MappedTarget } | null>(null);
  const data = overview.data;
  const targets = data?.targets ?? [];
  const unmapped = (data?.contentTypes ?? []).filter(
    (type) => !targets.some((target) => target.mapping.uid === type.uid)
  );

  return (
    <Section title={t('targets.title')} subtitle={t('targets.subtitle')} testId="targets">
      {overview.isLoading && !data ? (
        <Loader small>{t('state.loading')}</Loader>
      ) : overview.error && !data ? (
        <Flex gap={3} wrap="wrap">
          <Typography textColor="danger600">{problem(overview.error).message}</Typography>
          <Button variant="tertiary" onClick={overview.reload}>
            {t('actions.retryLoading')}
          </Button>
        </Flex>
      ) : (
        <>
          {targets.length === 0 ? (
            <Typography textColor="neutral600">{t('targets.empty')}</Typography>
          ) : (
            <Flex direction="column" alignItems="stretch" gap={3} data-testid="target-list">
              {targets.map((target) => (
                <TargetCard
                  key={target.key}
                  target={target}
                  onEdit={() => setForm({ editing: target })}
                  onRemoved={overview.reload}
                />
              ))}
            </Flex>
          )}
          <Flex gap={3} wrap="wrap">
            <Button
              variant="secondary"
              startIcon={<Plus />}
              onClick={() => setForm({})}
              disabled={unmapped.length === 0}
            >
              {t('targets.map')}
            </Button>
            {unmapped.length === 0 && (
              <Typography variant="pi" textColor="neutral600">
                {t('targets.allMapped')}
              </Typography>
            )}
          </Flex>
        </>
      )}
      {form && data && (
        <TargetForm
          editing={form.editing}
          mapped={targets}
          contentTypes={data.contentTypes}
          onClose={() => setForm(null)}
          onSaved={() => {
            setForm(null);
            overview.reload();
          }}
        />
      )}
    </Section>
  );
}
