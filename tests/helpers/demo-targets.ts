/**
 * The demo app's subscriptions mapped as a reminder target, as an admin maps them on the Settings page: the
 * integration suite saves it through the API, the end-to-end suite through the form and expects it stored.
 */
export const SUBSCRIPTION_MAPPING = {
  uid: 'api::subscription.subscription',
  phone: 'mobile',
  name: 'holderName',
  label: 'plan',
  anchors: ['renewsOn'],
  statuses: ['subscriptionStatus'],
  amounts: ['amount'],
  currencyField: 'currency',
};
