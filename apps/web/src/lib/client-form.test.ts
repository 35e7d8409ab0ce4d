import { describe, expect, it } from "vitest";
import { applyClientPatch, changedFields, clientPatch, EMPTY_CLIENT_FORM, formValuesOf, parseClientForm } from "./client-form";

const client = { name: "Acme", contactName: null, contactEmail: "a@acme.test", status: "active" as const };

describe("parseClientForm", () => {
  it("uses the shared schema's messages", () => {
    const result = parseClientForm({ ...EMPTY_CLIENT_FORM, name: "  ", contactEmail: "not-an-email" });
    expect(result).toEqual({ ok: false, errors: { name: "Name is required", contactEmail: "Enter a valid email address" } });
  });

  it("turns blank contact fields into null and normalizes the email", () => {
    expect(parseClientForm({ name: " Acme ", contactName: " ", contactEmail: " CEO@Acme.test ", status: "paused" })).toEqual({
      ok: true,
      data: { name: "Acme", contactName: null, contactEmail: "ceo@acme.test", status: "paused" },
    });
  });
});

describe("clientPatch", () => {
  it("holds only the fields that changed", () => {
    const parsed = parseClientForm({ ...formValuesOf(client), name: "Acme Corp", contactEmail: "" });
    if (!parsed.ok) throw new Error("expected valid form");
    expect(clientPatch(client, parsed.data)).toEqual({ name: "Acme Corp", contactEmail: null });
  });

  it("is null when nothing changed", () => {
    const parsed = parseClientForm(formValuesOf(client));
    if (!parsed.ok) throw new Error("expected valid form");
    expect(clientPatch(client, parsed.data)).toBeNull();
  });
});

describe("changedFields", () => {
  it("names the fields that differ, ignoring surrounding spaces", () => {
    const mine = formValuesOf(client);
    expect(changedFields(mine, { ...mine, name: "Acme " })).toEqual([]);
    expect(changedFields(mine, { ...mine, status: "archived", contactName: "Ann" })).toEqual(["contactName", "status"]);
  });
});

describe("applyClientPatch", () => {
  it("changes only the patched fields, and can clear a contact", () => {
    const record = { ...client, id: "c1", version: 2 };
    expect(applyClientPatch(record, { contactEmail: null, status: "paused" })).toEqual({
      ...record,
      contactEmail: null,
      status: "paused",
    });
    expect(applyClientPatch(record, {})).toEqual(record);
  });
});
