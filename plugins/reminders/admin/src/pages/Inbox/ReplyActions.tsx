import * as React from 'react';
import {
  Box,
  Button,
  Flex,
  IconButton,
  Modal,
  Radio,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  Typography,
} from '@strapi/design-system';
import { Archive, Check, EyeStriked } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { type ApplyInput, useRepliesApi } from '../../api/replies';
import { REPLY_INTENTS, type ReplyIntent, type ReplySummary } from '../../api/types';
import { FormField } from '../../components/FormField';
import { type KeyHeaders, useIdempotencyKey } from '../../hooks/useIdempotencyKey';
import { useNotifyProblem } from '../../hooks/useNotifyProblem';
import { type MessageKey, useT } from '../../hooks/useT';
import { type useTargets } from '../../hooks/useTargets';
import { QuotedText } from './QuotedText';
import { IntentBadge } from './ReplyBadges';

type Action = 'apply' | 'ignore' | 'handled';

const recordKey = (record: { target: string; documentId: string }) => `${record.target}:${record.documentId}`;

/** The reply as the customer wrote it, quoted, with what was understood: the top of every dialog. */
function Quoted({ reply }: { reply: ReplySummary }) {
  return (
    <Flex direction="column" alignItems="flex-start" gap={2}>
      <Box padding={3} background="neutral100" hasRadius width="100%">
        <Typography tag="p" style={{ whiteSpace: 'pre-wrap' }}>
          <QuotedText text={reply.text} />
        </Typography>
      </Box>
      <IntentBadge intent={reply.intent} language={reply.language} />
    </Flex>
  );
}

/** A dialog around a reply: its title, the reply quoted, the fields, and the button that acts. */
function ReplyDialog({
  title,
  reply,
  onClose,
  action,
  children,
}: {
  title: string;
  reply: ReplySummary;
  onClose: () => void;
  action: React.ReactNode;
  children: React.ReactNode;
}) {
  const t = useT();
  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content style={{ maxWidth: 600, width: '90vw' }} data-testid="reply-dialog">
        <Modal.Header closeLabel={t('actions.close')}>
          <Modal.Title>{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Quoted reply={reply} />
            {children}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('actions.cancel')}</Button>
          </Modal.Close>
          {action}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}

/**
 * An open reply's actions (for editors who may manage the inbox): apply its intent — choosing the record when
 * the customer has several open, the intent when none was understood — ignore it, or mark it handled with an
 * optional note. Each request carries an Idempotency-Key, so a double click or a retry acts once.
 */
export function ReplyActions({
  reply,
  targets,
  onDone,
}: {
  reply: ReplySummary;
  targets: ReturnType<typeof useTargets>;
  onDone: () => void;
}) {
  const t = useT();
  const api = useRepliesApi();
  const withKey = useIdempotencyKey();
  const notifyProblem = useNotifyProblem();
  const { toggleNotification } = useNotification();
  const [open, setOpen] = React.useState<Action | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [intent, setIntent] = React.useState<ReplyIntent | undefined>(reply.intent ?? undefined);
  const [record, setRecord] = React.useState<string | undefined>(
    reply.candidates.length === 1 ? recordKey(reply.candidates[0]) : undefined
  );
  const [note, setNote] = React.useState('');
  // Apply needs a record to act on: the one matched, or one of the candidates the customer was asked about.
  const choosing = !reply.record && reply.candidates.length > 0;
  const canApply = Boolean(reply.record) || choosing;

  const run = async (action: Action, request: (headers: KeyHeaders) => Promise<ReplySummary>, intentKey: string) => {
    setBusy(true);
    try {
      const next = await withKey(`${action}:${reply.documentId}:${intentKey}`, request);
      toggleNotification({
        type: 'success',
        message: t(`inbox.done.${action}` as MessageKey, { outcome: next.outcome }),
      });
      setOpen(null);
      onDone();
    } catch (error) {
      notifyProblem(error);
      onDone();
    } finally {
      setBusy(false);
    }
  };

  const apply = () => {
    const chosen = reply.candidates.find((candidate) => recordKey(candidate) === record);
    const input: ApplyInput = {
      ...(intent ? { intent } : {}),
      ...(choosing && chosen ? { record: { target: chosen.target, documentId: chosen.documentId } } : {}),
    };
    return run('apply', (headers) => api.apply(reply.documentId, input, headers), `${intent}:${record}`);
  };
  const close = (action: 'ignore' | 'handled') => {
    const text = note.trim() || undefined;
    return run(action, (headers) => api[action](reply.documentId, text, headers), text ?? '');
  };

  const stop = (event: React.MouseEvent) => event.stopPropagation();
  return (
    // Icon buttons named by their tooltips, as the Content Manager's list rows: the reply's text keeps the width.
    <Flex gap={1} onClick={stop} data-testid="reply-actions">
      {canApply && (
        <IconButton label={t('inbox.action.apply')} onClick={() => setOpen('apply')}>
          <Check />
        </IconButton>
      )}
      <IconButton label={t('inbox.action.ignore')} onClick={() => setOpen('ignore')}>
        <EyeStriked />
      </IconButton>
      <IconButton label={t('inbox.action.handled')} onClick={() => setOpen('handled')}>
        <Archive />
      </IconButton>

      {open === 'apply' && (
        <ReplyDialog
          title={t('inbox.apply.title')}
          reply={reply}
          onClose={() => setOpen(null)}
          action={
            <Button startIcon={<Check />} onClick={apply} loading={busy} disabled={!intent || (choosing && !record)}>
              {t('inbox.action.apply')}
            </Button>
          }
        >
          {choosing && (
            <FormField name="record" label={t('inbox.apply.record')} hint={t('inbox.apply.record.hint')}>
              <Radio.Group
                value={record}
                onValueChange={setRecord}
                aria-label={t('inbox.apply.record')}
                data-testid="reply-candidates"
              >
                {reply.candidates.map((candidate) => (
                  <Radio.Item key={recordKey(candidate)} value={recordKey(candidate)}>
                    {candidate.code ? `${candidate.code} · ${candidate.label}` : candidate.label}
                    {targets.targets[candidate.target] ? ` (${targets.label(candidate.target)})` : ''}
                  </Radio.Item>
                ))}
              </Radio.Group>
            </FormField>
          )}
          {reply.record && <Typography>{t('inbox.apply.on', { record: reply.record.label })}</Typography>}
          <FormField name="intent" label={t('inbox.apply.intent')} hint={t('inbox.apply.intent.hint')}>
            <SingleSelect
              value={intent ?? ''}
              placeholder={t('inbox.apply.intent.placeholder')}
              onChange={(value: string | number) => setIntent(value as ReplyIntent)}
            >
              {REPLY_INTENTS.map((item) => (
                <SingleSelectOption key={item} value={item}>
                  {t(`inbox.intent.${item}` as MessageKey)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </FormField>
        </ReplyDialog>
      )}
      {(open === 'ignore' || open === 'handled') && (
        <ReplyDialog
          title={t(`inbox.${open}.title`)}
          reply={reply}
          onClose={() => setOpen(null)}
          action={
            <Button variant={open === 'ignore' ? 'danger-light' : 'default'} onClick={() => close(open)} loading={busy}>
              {t(`inbox.action.${open}`)}
            </Button>
          }
        >
          <FormField name="note" label={t('inbox.close.note')} hint={t(`inbox.${open}.hint`)}>
            <Textarea
              value={note}
              maxLength={500}
              onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setNote(event.target.value)}
            />
          </FormField>
        </ReplyDialog>
      )}
    </Flex>
  );
}
