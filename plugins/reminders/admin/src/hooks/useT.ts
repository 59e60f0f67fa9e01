import { useIntl } from 'react-intl';
import { PLUGIN_ID } from '../pluginId';
import en from '../translations/en.json';

export type MessageKey = keyof typeof en;
type Values = Record<string, string | number | boolean | null | undefined | Date>;

export const getTranslation = (key: string) => `${PLUGIN_ID}.${key}`;

/** Whether the plugin has a message for `key`: a code from the server may have none (a host type's field name). */
export const hasMessage = (key: string): key is MessageKey => Object.hasOwn(en, key);

/**
 * The plugin's messages: `t('rules.title')`. English (translations/en.json) is the default message, so a key
 * another language has not translated yet still reads well.
 */
export function useT() {
  const { formatMessage } = useIntl();
  return (key: MessageKey, values?: Values) =>
    formatMessage({ id: getTranslation(key), defaultMessage: en[key] }, values as Record<string, string>);
}

/** Right-to-left when the admin is in a right-to-left language (Strapi's own shell does not switch direction). */
export function useDirection(): 'rtl' | 'ltr' {
  const { locale } = useIntl();
  return /^(ar|fa|he|ur)(-|$)/i.test(locale) ? 'rtl' : 'ltr';
}
