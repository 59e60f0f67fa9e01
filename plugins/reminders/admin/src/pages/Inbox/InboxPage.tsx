import * as React from 'react';
import { Box, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { Layouts, Page, useQueryParams } from '@strapi/strapi/admin';
import { useRepliesApi } from '../../api/replies';
import { useResource } from '../../api/request';
import { REPLY_STATUSES, type ReplyStatus } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { FormField } from '../../components/FormField';
import { useInboxCount } from '../../components/InboxCount';
import { ListOrEmptyState } from '../../components/ListOrEmptyState';
import { PaginationFooter } from '../../components/PaginationFooter';
import { ProblemState } from '../../components/ProblemState';
import { usePermissions } from '../../hooks/usePermissions';
import { useProblem } from '../../hooks/useProblem';
import { type MessageKey, useT } from '../../hooks/useT';
import { useTargets } from '../../hooks/useTargets';
import { CancelWordOptOuts } from './CancelWordOptOuts';
import { ReplyRow } from './ReplyRow';

type Query = { page?: string; pageSize?: string; status?: string };
/** What the status filter shows: the replies waiting for an editor (the default), all of them, or one status. */
type View = 'open' | 'all' | ReplyStatus;

const viewOf = (status: string | undefined): View =>
  status === 'all' || REPLY_STATUSES.includes(status as ReplyStatus) ? (status as View) : 'open';

/**
 * The inbox: every SMS a customer sent back, matched to its record or not, what the plugin understood and did,
 * and, for the ones waiting for an editor, the actions to settle them. Filtered and paginated on the server,
 * newest first; the open count it reads keeps the menu's badge current.
 */
export function InboxPage() {
  const t = useT();
  const can = usePermissions();
  const api = useRepliesApi();
  const problem = useProblem();
  const targets = useTargets();
  const { setOpen } = useInboxCount();
  const [{ query }, setQuery] = useQueryParams<Query>();
  const page = Math.max(1, Number(query.page ?? 1) || 1);
  const pageSize = Number(query.pageSize ?? 20) || 20;
  const view = viewOf(query.status);
  const replies = useResource(
    () => api.list(view === 'open' ? undefined : view === 'all' ? 'all' : [view], page, pageSize),
    [page, pageSize, view]
  );
  const [expanded, setExpanded] = React.useState<string | null>(null);
  const open = replies.data?.meta.open;
  React.useEffect(() => {
    if (open !== undefined) setOpen(open);
  }, [open, setOpen]);

  if (replies.isLoading && !replies.data) return <Page.Loading />;
  if (replies.error && !replies.data) return <ProblemState error={replies.error} onRetry={replies.reload} />;
  const { data = [], meta } = replies.data ?? { data: [] };
  const pagination = meta?.pagination;
  const columns = [
    t('inbox.column.from'),
    t('inbox.column.text'),
    t('inbox.column.intent'),
    t('inbox.column.record'),
    t('inbox.column.status'),
    t('inbox.column.actions'),
  ];

  return (
    <Page.Main>
      <Page.Title>{t('inbox.title')}</Page.Title>
      <Layouts.Header title={t('inbox.title')} subtitle={meta ? t('inbox.subtitle', { open: meta.open }) : undefined} />
      <Layouts.Action
        startActions={
          <FormField name="status" width="240px" label={t('inbox.filter.status')}>
            <SingleSelect
              value={view}
              onChange={(value: string | number) =>
                setQuery({ status: value === 'open' ? undefined : String(value), page: '1' } as Query)
              }
            >
              <SingleSelectOption value="open">{t('inbox.filter.open')}</SingleSelectOption>
              <SingleSelectOption value="all">{t('inbox.filter.all')}</SingleSelectOption>
              {REPLY_STATUSES.map((status) => (
                <SingleSelectOption key={status} value={status}>
                  {t(`inbox.status.${status}` as MessageKey)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </FormField>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <CancelWordOptOuts canManage={can.manageInbox} />
          {replies.error ? (
            <Typography textColor="danger600" data-testid="inbox-error">
              {problem(replies.error).message}
            </Typography>
          ) : null}
          <Box>
            <ListOrEmptyState
              isEmpty={data.length === 0}
              emptyText={t(
                view === 'open' ? 'inbox.empty.open' : view === 'all' ? 'inbox.empty' : 'inbox.empty.filtered'
              )}
            >
              <DataTable columns={columns} rowCount={data.length}>
                {data.map((reply) => (
                  <ReplyRow
                    key={reply.documentId}
                    reply={reply}
                    columns={columns.length}
                    expanded={expanded === reply.documentId}
                    onToggle={() => setExpanded(expanded === reply.documentId ? null : reply.documentId)}
                    canManage={can.manageInbox}
                    targets={targets}
                    onChanged={replies.reload}
                  />
                ))}
              </DataTable>
              {pagination && <PaginationFooter pageCount={pagination.pageCount} total={pagination.total} />}
            </ListOrEmptyState>
          </Box>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}
