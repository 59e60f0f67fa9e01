import { z } from '@strapi/utils';
import type { Dashboard } from '../server/src/services/dashboard';
import { wholeNumber } from '../server/src/validation/admin-input';

/** The admin API's dashboard (GET /reminders/dashboard?days=14). */

export type { Dashboard } from '../server/src/services/dashboard';
export type { DayStats } from '../server/src/domain/day-stats';
export type { DashboardSpending, SpendFigure } from '../server/src/services/spending';

export const MAX_DASHBOARD_DAYS = 90;

export const dashboardSummary = { query: z.object({ days: wholeNumber(14, 1, MAX_DASHBOARD_DAYS) }) };

export declare namespace DashboardSummary {
  interface Response {
    data: Dashboard;
  }
}
