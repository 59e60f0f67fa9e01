import * as React from 'react';
import { Flex, IconButton, Link, Td, Tr, Typography } from '@strapi/design-system';
import { ChevronDown, ChevronUp } from '@strapi/icons';
import { NavLink } from 'react-router-dom';
import { OPEN_REPLY_STATUSES, type ReplySummary } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { BASE } from '../../components/PluginNav';
import { TextWithNote } from '../../components/TextWithNote';
import { Timeline } from '../../components/Timeline';
import { useT } from '../../hooks/useT';
import type { useTargets } from '../../hooks/useTargets';
import { QuotedText } from './QuotedText';
import { RecordLink } from './RecordLink';
import { ReplyActions } from './ReplyActions';
import { IntentBadge, ReplyStatusBadge } from './ReplyBadges';

/** A reply's history under its row: each line with its time, its status, what happened and who did it. */
function ReplyHistory({ reply }: { reply: ReplySummary }) {
  const t = useT();
  const delivery = reply.record?.deliveryDocumentId;
  return (
    <Flex direction="column" alignItems="stretch" gap={2} paddingLeft={2} paddingRight={2} data-testid="reply-history">
      <Timeline
        items={reply.events.map((event) => ({
          at: event.at,
          badge: <ReplyStatusBadge status={event.status} />,
          detail: event.by ? `${event.detail} — ${t('inbox.history.by', { name: event.by })}` : event.detail,
        }))}
      />
      {delivery && (
        <Link tag={NavLink} to={`${BASE}/deliveries/${delivery}`}>
          {t('inbox.history.delivery')}
        </Link>
      )}
    </Flex>
  );
}

/**
 * One reply: when it came, from whom, what it said and what was understood, its record, where it stands and
 * why; the actions when it waits for an editor. A click on the row shows its history beneath it.
 */
export function ReplyRow({
  reply,
  columns,
  expanded,
  onToggle,
  canManage,
  targets,
  onChanged,
}: {
  reply: ReplySummary;
  columns: number;
  expanded: boolean;
  onToggle: () => void;
  canManage: boolean;
  targets: ReturnType<typeof useTargets>;
  onChanged: () => void;
}) {
  const t = useT();
  const open = OPEN_REPLY_STATUSES.includes(reply.status);
  return (
    <>
      <Tr
        onClick={onToggle}
        style={{ cursor: 'pointer' }}
        data-testid="reply-row"
        data-status={reply.status}
        data-phone={reply.phone}
      >
        <Td>
          {/* Who wrote, then when: the number is how an editor knows a customer; the short code they wrote to is on hover. */}
          <TextWithNote note={<DateTime value={reply.receivedAt} />}>
            <Typography dir="ltr" fontWeight="semiBold" title={reply.to ? t('inbox.to', { to: reply.to }) : undefined}>
              {reply.phone}
            </Typography>
          </TextWithNote>
        </Td>
        <Td style={{ minWidth: 160, maxWidth: 300, whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
          <Typography data-testid="reply-text">
            <QuotedText text={reply.text} />
          </Typography>
        </Td>
        <Td>
          <IntentBadge intent={reply.intent} language={reply.language} />
        </Td>
        <Td style={{ minWidth: 160, maxWidth: 260, whiteSpace: 'normal' }}>
          {reply.record ? (
            <RecordLink record={reply.record} targets={targets} />
          ) : reply.candidates.length > 0 ? (
            <Flex direction="column" alignItems="flex-start" gap={1}>
              {reply.candidates.map((candidate) => (
                <RecordLink key={candidate.documentId} record={candidate} targets={targets} />
              ))}
            </Flex>
          ) : (
            <Typography textColor="neutral500">—</Typography>
          )}
        </Td>
        <Td style={{ minWidth: 150, maxWidth: 240, whiteSpace: 'normal' }}>
          <TextWithNote note={reply.outcome}>
            <ReplyStatusBadge status={reply.status} />
          </TextWithNote>
        </Td>
        <Td>
          <Flex gap={1} justifyContent="flex-end">
            {canManage && open && <ReplyActions reply={reply} targets={targets} onDone={onChanged} />}
            <IconButton
              variant="ghost"
              label={t(expanded ? 'inbox.history.hide' : 'inbox.history.show')}
              onClick={(event: React.MouseEvent) => {
                event.stopPropagation();
                onToggle();
              }}
            >
              {expanded ? <ChevronUp /> : <ChevronDown />}
            </IconButton>
          </Flex>
        </Td>
      </Tr>
      {expanded && (
        <Tr>
          <Td colSpan={columns} style={{ background: '#f6f6f9', whiteSpace: 'normal' }}>
            <ReplyHistory reply={reply} />
          </Td>
        </Tr>
      )}
    </>
  );
}
