import assert from "node:assert/strict";
import { readPath, readText } from "../../src/http/json_path.ts";

const BODY = {
  data: { link: "https://a.example.com/x", items: [{ id: 7 }], empty: "" },
  ok: false,
};

Deno.test("readPath follows keys and list indexes", () => {
  assert.equal(readPath(BODY, "data.link"), "https://a.example.com/x");
  assert.equal(readPath(BODY, "data.items.0.id"), 7);
  assert.equal(readPath(BODY, "ok"), false);
});

Deno.test("readPath returns undefined for a missing step", () => {
  assert.equal(readPath(BODY, "data.missing.id"), undefined);
  assert.equal(readPath(BODY, "data.link.length.x"), undefined);
  assert.equal(readPath(undefined, "data"), undefined);
  assert.equal(readPath(null, "data"), undefined);
});

Deno.test("readText accepts strings and numbers only", () => {
  assert.equal(readText(BODY, "data.link"), "https://a.example.com/x");
  assert.equal(readText(BODY, "data.items.0.id"), "7");
  assert.equal(readText(BODY, "data.empty"), undefined);
  assert.equal(readText(BODY, "ok"), undefined);
  assert.equal(readText(BODY, "data"), undefined);
});
