import { Badge, Button, IconButton, Td, Tr, Typography } from '@strapi/design-system';
import { Pencil, Plus } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { NavLink, useNavigate } from 'react-router-dom';
import { useMessageTemplatesApi } from '../../api/messageTemplates';
import { useResource } from '../../api/request';
import { DataTable } from '../../components/DataTable';
import { ListOrEmptyState } from '../../components/ListOrEmptyState';
import { BASE } from '../../components/PluginNav';
import { ProblemState } from '../../components/ProblemState';
import { usePermissions } from '../../hooks/usePermissions';
import { type MessageKey, useT } from '../../hooks/useT';
import { useTargets } from '../../hooks/useTargets';

/** The template library: named messages per language that rules and steps choose instead of writing their own. */
export function TemplatesPage() {
  const t = useT();
  const can = usePermissions();
  const api = useMessageTemplatesApi();
  const targets = useTargets();
  const navigate = useNavigate();
  const templates = useResource(() => api.list(), []);

  const create = can.manageRules ? (
    <Button startIcon={<Plus />} onClick={() => navigate(`${BASE}/templates/new`)}>
      {t('templates.create')}
    </Button>
  ) : undefined;

  if (templates.isLoading && !templates.data) return <Page.Loading />;
  if (templates.error && !templates.data) return <ProblemState error={templates.error} onRetry={templates.reload} />;
  const data = templates.data ?? [];

  return (
    <Page.Main>
      <Page.Title>{t('templates.title')}</Page.Title>
      <Layouts.Header
        title={t('templates.title')}
        subtitle={t('templates.subtitle', { count: data.length })}
        primaryAction={create}
      />
      <Layouts.Content>
        <ListOrEmptyState isEmpty={data.length === 0} emptyText={t('templates.empty')} emptyAction={create}>
          <DataTable
            columns={[
              t('templates.column.name'),
              t('templates.column.target'),
              t('templates.column.languages'),
              t('templates.column.description'),
              t('templates.column.actions'),
            ]}
            rowCount={data.length}
          >
            {data.map((template) => (
              <Tr key={template.documentId} data-testid="template-row">
                <Td>
                  <Typography
                    fontWeight="bold"
                    tag={NavLink}
                    to={`${BASE}/templates/${template.documentId}`}
                    textColor="neutral800"
                  >
                    {template.name}
                  </Typography>
                </Td>
                <Td>
                  <Badge>{targets.label(template.target)}</Badge>
                </Td>
                <Td>
                  <Typography variant="pi">
                    {Object.keys(template.messages)
                      .map((code) => t(`language.${code}` as MessageKey))
                      .join(', ')}
                  </Typography>
                </Td>
                <Td style={{ maxWidth: 360, whiteSpace: 'normal' }}>
                  <Typography variant="pi" textColor="neutral600">
                    {template.description}
                  </Typography>
                </Td>
                <Td>
                  <IconButton
                    label={t('templates.edit', { name: template.name })}
                    variant="ghost"
                    onClick={() => navigate(`${BASE}/templates/${template.documentId}`)}
                  >
                    <Pencil />
                  </IconButton>
                </Td>
              </Tr>
            ))}
          </DataTable>
        </ListOrEmptyState>
      </Layouts.Content>
    </Page.Main>
  );
}
