-- The organisation's corporate currency and dated exchange rates: rate = units of the currency for one
-- unit of the corporate currency, valid from a day until the next rate of the same currency.
CREATE TABLE atrium.currency_settings (
  tenant_id  uuid PRIMARY KEY REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  corporate  char(3) NOT NULL CHECK (corporate ~ '^[A-Z]{3}$')
);

CREATE TABLE atrium.exchange_rates (
  tenant_id  uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  code       char(3) NOT NULL CHECK (code ~ '^[A-Z]{3}$'),
  valid_from date NOT NULL,
  rate       numeric(20, 10) NOT NULL CHECK (rate > 0),
  PRIMARY KEY (tenant_id, code, valid_from)
);
