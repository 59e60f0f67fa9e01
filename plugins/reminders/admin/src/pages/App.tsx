import * as React from 'react';
import { Box } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Navigate, Route, Routes } from 'react-router-dom';
import { InboxCountProvider } from '../components/InboxCount';
import { PluginNav } from '../components/PluginNav';
import { usePermissions } from '../hooks/usePermissions';
import { useDirection } from '../hooks/useT';
import { PERMISSIONS } from '../permissions';
import { DashboardPage } from './Dashboard/DashboardPage';
import { DeliveriesPage } from './Deliveries/DeliveriesPage';
import { DeliveryPage } from './Deliveries/DeliveryPage';
import { InboxPage } from './Inbox/InboxPage';
import { RuleEditorPage } from './RuleEditor/RuleEditorPage';
import { RulesPage } from './Rules/RulesPage';
import { SettingsPage } from './Settings/SettingsPage';
import { TemplateEditorPage } from './Templates/TemplateEditorPage';
import { TemplatesPage } from './Templates/TemplatesPage';
import { UpcomingPage } from './Upcoming/UpcomingPage';

const protect = (permissions: (typeof PERMISSIONS)[keyof typeof PERMISSIONS], page: React.ReactNode) => (
  <Page.Protect permissions={permissions}>{page}</Page.Protect>
);

/** The first page this user may open. */
function Home() {
  const can = usePermissions();
  const to = can.readDeliveries
    ? 'dashboard'
    : can.readRules
      ? 'rules'
      : can.readInbox
        ? 'inbox'
        : can.manageSettings
          ? 'settings'
          : null;
  return to ? <Navigate to={to} replace /> : <Page.NoPermissions />;
}

/** The plugin's pages, each behind the action it needs, in the admin's reading direction. */
export default function App() {
  return (
    <Box dir={useDirection()}>
      <InboxCountProvider>
        <Layouts.Root sideNav={<PluginNav />}>
          <Routes>
            <Route index element={<Home />} />
            <Route path="dashboard" element={protect(PERMISSIONS.readDeliveries, <DashboardPage />)} />
            <Route path="rules" element={protect(PERMISSIONS.readRules, <RulesPage />)} />
            <Route path="rules/new" element={protect(PERMISSIONS.manageRules, <RuleEditorPage />)} />
            <Route path="rules/:documentId" element={protect(PERMISSIONS.readRules, <RuleEditorPage />)} />
            <Route path="templates" element={protect(PERMISSIONS.readRules, <TemplatesPage />)} />
            <Route path="templates/new" element={protect(PERMISSIONS.manageRules, <TemplateEditorPage />)} />
            <Route path="templates/:documentId" element={protect(PERMISSIONS.readRules, <TemplateEditorPage />)} />
            <Route path="upcoming" element={protect(PERMISSIONS.readRules, <UpcomingPage />)} />
            <Route path="deliveries" element={protect(PERMISSIONS.readDeliveries, <DeliveriesPage />)} />
            <Route path="deliveries/:documentId" element={protect(PERMISSIONS.readDeliveries, <DeliveryPage />)} />
            <Route path="inbox" element={protect(PERMISSIONS.readInbox, <InboxPage />)} />
            <Route path="settings" element={protect(PERMISSIONS.manageSettings, <SettingsPage />)} />
            <Route path="*" element={<Page.NoData />} />
          </Routes>
        </Layouts.Root>
      </InboxCountProvider>
    </Box>
  );
}
