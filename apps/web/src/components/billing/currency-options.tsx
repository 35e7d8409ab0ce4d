import { COMMON_CURRENCY_CODES, CURRENCY_CODES } from "@agency/validators";

/** Common currencies first, then every other ISO 4217 code we bill in. */
export function CurrencyOptions() {
  const common = new Set<string>(COMMON_CURRENCY_CODES);
  return (
    <>
      <optgroup label="Common">
        {COMMON_CURRENCY_CODES.map((code) => (
          <option key={code} value={code}>
            {code}
          </option>
        ))}
      </optgroup>
      <optgroup label="All currencies">
        {CURRENCY_CODES.filter((code) => !common.has(code)).map((code) => (
          <option key={code} value={code}>
            {code}
          </option>
        ))}
      </optgroup>
    </>
  );
}
