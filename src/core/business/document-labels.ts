/** Words of the company documents (S4.8) in every language. */
import type { Language } from '../../profiles/schema.ts';

const LABELS = {
  invoice: { en: 'Invoice copy', ru: 'Копия счёта', hu: 'Számlamásolat', fa: 'رونوشت صورتحساب' },
  itemized: { en: 'Itemized report', ru: 'Детализация по номерам', hu: 'Részletes forgalmi kimutatás', fa: 'گزارش ریز جزئیات' },
  contract: { en: 'Contract summary', ru: 'Сводка по договору', hu: 'Szerződés összesítő', fa: 'خلاصه قرارداد' },
  company: { en: 'Company', ru: 'Компания', hu: 'Cég', fa: 'شرکت' },
  region: { en: 'Region', ru: 'Регион', hu: 'Régió', fa: 'منطقه' },
  period: { en: 'Period', ru: 'Период', hu: 'Időszak', fa: 'دوره' },
  issued: { en: 'Issued', ru: 'Сформировано', hu: 'Kiállítva', fa: 'تاریخ صدور' },
  line: { en: 'Line', ru: 'Номер', hu: 'Szám', fa: 'خط' },
  tariff: { en: 'Tariff', ru: 'Тариф', hu: 'Díjcsomag', fa: 'تعرفه' },
  services: { en: 'Services', ru: 'Услуги', hu: 'Szolgáltatások', fa: 'سرویس‌ها' },
  fees: { en: 'Fees', ru: 'Абонплата', hu: 'Díjak', fa: 'هزینه‌ها' },
  usage: { en: 'Usage', ru: 'Связь', hu: 'Forgalom', fa: 'مصرف' },
  other: { en: 'Other', ru: 'Прочее', hu: 'Egyéb', fa: 'سایر' },
  total: { en: 'Total', ru: 'Итого', hu: 'Összesen', fa: 'جمع' },
  grandTotal: { en: 'Total for all lines', ru: 'Итого по всем номерам', hu: 'Összesen az összes számra', fa: 'جمع همه خطوط' },
  monthlyFee: { en: 'Monthly fees', ru: 'Ежемесячные платежи', hu: 'Havi díjak', fa: 'هزینه‌های ماهانه' },
  status: { en: 'Status', ru: 'Статус', hu: 'Állapot', fa: 'وضعیت' },
  none: { en: 'none', ru: 'нет', hu: 'nincs', fa: 'ندارد' },
  noItems: {
    en: 'No charges or payments in this period.',
    ru: 'В этом периоде нет начислений и платежей.',
    hu: 'Ebben az időszakban nincs tétel.',
    fa: 'در این دوره هزینه یا پرداختی نیست.',
  },
  perMonth: { en: 'per month', ru: 'в месяц', hu: 'havonta', fa: 'ماهانه' },
  perDay: { en: 'per day', ru: 'в день', hu: 'naponta', fa: 'روزانه' },
  time: { en: 'Time', ru: 'Время', hu: 'Időpont', fa: 'زمان' },
  type: { en: 'Type', ru: 'Тип', hu: 'Típus', fa: 'نوع' },
  description: { en: 'Description', ru: 'Описание', hu: 'Leírás', fa: 'شرح' },
  amount: { en: 'Amount', ru: 'Сумма', hu: 'Összeg', fa: 'مبلغ' },
  active: { en: 'active', ru: 'активен', hu: 'aktív', fa: 'فعال' },
  blocked: { en: 'blocked', ru: 'заблокирован', hu: 'letiltva', fa: 'مسدود' },
  suspended: { en: 'suspended', ru: 'приостановлен', hu: 'szüneteltetve', fa: 'معلق' },
} as const satisfies Record<string, Record<Language, string>>;

export type DocumentLabel = keyof typeof LABELS;

export function docLabel(key: DocumentLabel, language: Language): string {
  return LABELS[key][language];
}
