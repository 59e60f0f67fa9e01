import { factories } from '@strapi/strapi';
import provider from './provider';
import emailSender from './email-sender';
import optOuts from './opt-outs';
import deliveryReports from './delivery-reports';
import templates from './templates';
import messageTemplates from './message-templates';
import testSend from './test-send';
import scheduler from './scheduling';
import rules from './rules';
import deliveryLog from './delivery-log';
import dashboard from './dashboard';
import recordReminders from './record-reminders';
import idempotency from './idempotency';
import clock from './clock';
import targets from './targets';
import protection from './protection';
import spending from './spending';
import optOutFooter from './opt-out-footer';
import rulePreview from './rule-preview';
import reminderEvents from './reminder-events';
import unsubscribe from './unsubscribe';
import replies from './replies';
import { UIDS } from '../constants';

export default {
  invoice: factories.createCoreService(UIDS.invoice),
  appointment: factories.createCoreService(UIDS.appointment),
  provider,
  'email-sender': emailSender,
  'opt-outs': optOuts,
  'delivery-reports': deliveryReports,
  templates,
  'message-templates': messageTemplates,
  'test-send': testSend,
  scheduler,
  rules,
  'delivery-log': deliveryLog,
  dashboard,
  'record-reminders': recordReminders,
  idempotency,
  clock,
  targets,
  protection,
  spending,
  'opt-out-footer': optOutFooter,
  'rule-preview': rulePreview,
  'reminder-events': reminderEvents,
  unsubscribe,
  replies,
};
