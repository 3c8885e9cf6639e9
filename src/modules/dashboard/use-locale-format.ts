// Numbers and months written the way the current language writes them (dayjs follows the language).
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export type LocaleFormat = {
  number: (value: number) => string;
  percent: (ratio: number) => string;
  month: (isoDate: string) => string;
  monthShort: (isoDate: string) => string;
};

export function useLocaleFormat(): LocaleFormat {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const numbers = new Intl.NumberFormat(language);
    const percents = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 });
    return {
      number: (value) => numbers.format(value),
      percent: (ratio) => percents.format(ratio),
      month: (isoDate) => dayjs(isoDate).format(t('dashboard.monthFormat')),
      monthShort: (isoDate) => dayjs(isoDate).format(t('dashboard.monthShortFormat')),
    };
  }, [language, t]);
}
