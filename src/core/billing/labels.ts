/** Words billing shows to subscribers (SMS receipts, itemized details), in every language. */
import type { Language } from '../../profiles/schema.ts';

const LABELS = {
  promisedPayment: { en: 'promised payment', ru: 'обещанный платёж', hu: 'ígért befizetés', fa: 'پرداخت وعده‌داده‌شده' },
  promisedPaymentFee: {
    en: 'promised payment fee',
    ru: 'плата за обещанный платёж',
    hu: 'ígért befizetés díja',
    fa: 'کارمزد پرداخت وعده‌داده‌شده',
  },
  tariffFee: { en: 'tariff fee', ru: 'абонентская плата', hu: 'havidíj', fa: 'هزینه اشتراک' },
  serviceFee: { en: 'service fee', ru: 'плата за услугу', hu: 'szolgáltatási díj', fa: 'هزینه سرویس' },
  tariffChange: { en: 'tariff change to', ru: 'смена тарифа на', hu: 'díjcsomagváltás:', fa: 'تغییر تعرفه به' },
  serviceActivation: { en: 'activation of', ru: 'подключение услуги', hu: 'bekapcsolás:', fa: 'فعال‌سازی سرویس' },
  voice: { en: 'Call', ru: 'Звонок', hu: 'Hívás', fa: 'تماس' },
  sms: { en: 'SMS', ru: 'SMS', hu: 'SMS', fa: 'پیامک' },
  data: { en: 'Mobile data', ru: 'Мобильный интернет', hu: 'Mobilinternet', fa: 'اینترنت همراه' },
  topUp: { en: 'Top-up', ru: 'Пополнение', hu: 'Feltöltés', fa: 'شارژ حساب' },
  fee: { en: 'Fee', ru: 'Плата', hu: 'Díj', fa: 'هزینه' },
  charge: { en: 'Charge', ru: 'Списание', hu: 'Terhelés', fa: 'برداشت' },
  credit: { en: 'Credit', ru: 'Зачисление', hu: 'Jóváírás', fa: 'واریز' },
  title: { en: 'Itemized details', ru: 'Детализация', hu: 'Részletes számlamelléklet', fa: 'ریز جزئیات' },
  line: { en: 'Line', ru: 'Номер', hu: 'Előfizetés', fa: 'خط' },
  period: { en: 'Period', ru: 'Период', hu: 'Időszak', fa: 'دوره' },
  time: { en: 'Time', ru: 'Время', hu: 'Időpont', fa: 'زمان' },
  type: { en: 'Type', ru: 'Тип', hu: 'Típus', fa: 'نوع' },
  description: { en: 'Description', ru: 'Описание', hu: 'Leírás', fa: 'شرح' },
  quantity: { en: 'Quantity', ru: 'Объём', hu: 'Mennyiség', fa: 'مقدار' },
  amount: { en: 'Amount', ru: 'Сумма', hu: 'Összeg', fa: 'مبلغ' },
  total: { en: 'Total charged', ru: 'Итого списано', hu: 'Összes terhelés', fa: 'جمع برداشت' },
  credited: { en: 'Total credited', ru: 'Итого зачислено', hu: 'Összes jóváírás', fa: 'جمع واریز' },
  minutes: { en: 'min', ru: 'мин', hu: 'perc', fa: 'دقیقه' },
  messages: { en: 'SMS', ru: 'SMS', hu: 'SMS', fa: 'پیامک' },
  megabytes: { en: 'MB', ru: 'МБ', hu: 'MB', fa: 'مگابایت' },
  included: { en: 'included', ru: 'в пакете', hu: 'díjcsomagban', fa: 'در بسته' },
} as const satisfies Record<string, Record<Language, string>>;

export type LabelKey = keyof typeof LABELS;

export function label(key: LabelKey, language: Language): string {
  return LABELS[key][language];
}
