/**
 * Daily sales report. Custom routes without a content type; users-permissions protects them like any API
 * (actions api::report.report.dailySales and api::report.report.dailySalesDay).
 */
export default {
  routes: [
    { method: 'GET', path: '/reports/daily-sales', handler: 'report.dailySales', config: {} },
    { method: 'GET', path: '/reports/daily-sales/:store/:day', handler: 'report.dailySalesDay', config: {} },
  ],
};
