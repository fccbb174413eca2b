import type { Schema, Struct } from '@strapi/strapi';

export interface RetailPayment extends Struct.ComponentSchema {
  collectionName: 'components_retail_payments';
  info: {
    displayName: 'Payment';
  };
  attributes: {
    amountCents: Schema.Attribute.Integer &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          min: 0;
        },
        number
      >;
    method: Schema.Attribute.Enumeration<['cash', 'card', 'other']> &
      Schema.Attribute.Required;
  };
}

export interface RetailSaleLine extends Struct.ComponentSchema {
  collectionName: 'components_retail_sale_lines';
  info: {
    description: 'Net amounts exclude tax; all money in minor units';
    displayName: 'Sale line';
  };
  attributes: {
    discountCents: Schema.Attribute.Integer &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          min: 0;
        },
        number
      > &
      Schema.Attribute.DefaultTo<0>;
    discountCode: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 40;
      }>;
    quantity: Schema.Attribute.Integer &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          min: 1;
        },
        number
      >;
    sku: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 64;
      }>;
    taxCents: Schema.Attribute.Integer &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          min: 0;
        },
        number
      >;
    taxRate: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 9;
      }>;
    unitCostCents: Schema.Attribute.Integer &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          min: 0;
        },
        number
      >;
    unitPriceCents: Schema.Attribute.Integer &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          min: 0;
        },
        number
      >;
  };
}

declare module '@strapi/strapi' {
  export namespace Public {
    export interface ComponentSchemas {
      'retail.payment': RetailPayment;
      'retail.sale-line': RetailSaleLine;
    }
  }
}
