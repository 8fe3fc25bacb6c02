import assert from "node:assert/strict";
import {
  MissingValueError,
  placeholdersIn,
  type PlaceholderValue,
  renderField,
  renderText,
} from "../../src/message/template.ts";

const VALUES = new Map<string, PlaceholderValue>([
  ["phone", "+97699112233"],
  ["name", "Болд"],
  ["type_ids", [1, 2]],
  ["expires_in_days", 7],
]);

Deno.test("placeholdersIn lists names in order of first use", () => {
  const names = placeholdersIn("{name}, {link} {name} {type_ids}");

  assert.deepEqual(names, ["name", "link", "type_ids"]);
});

Deno.test("placeholdersIn ignores braces that are not names", () => {
  assert.deepEqual(placeholdersIn("{} { name } {a b} {{x}}"), ["x"]);
});

Deno.test("renderText fills text, numbers and lists", () => {
  const text = renderText(
    "Сайн уу {name}: {phone}, {type_ids}, {expires_in_days} хоног",
    VALUES,
  );

  assert.equal(text, "Сайн уу Болд: +97699112233, 1,2, 7 хоног");
});

Deno.test("renderText does not expand inserted values", () => {
  const values = new Map([["name", "{phone} $& $1"]]);

  assert.equal(renderText("Hi {name}", values), "Hi {phone} $& $1");
});

Deno.test("renderText throws for a missing value", () => {
  assert.throws(
    () => renderText("{name} {city}", VALUES),
    (error) => {
      assert.ok(error instanceof MissingValueError);
      assert.equal(error.name, "MissingValueError");
      assert.equal(error.placeholder, "city");
      assert.equal(
        error.message,
        "Missing value for placeholder {city}: the cell is empty",
      );
      return true;
    },
  );
});

Deno.test("renderField keeps the JSON type of one placeholder", () => {
  assert.deepEqual(renderField("{type_ids}", VALUES), [1, 2]);
  assert.equal(renderField("{expires_in_days}", VALUES), 7);
  assert.equal(renderField("{phone}", VALUES), "+97699112233");
});

Deno.test("renderField renders mixed text as a string", () => {
  assert.equal(renderField("ids={type_ids}", VALUES), "ids=1,2");
  assert.equal(renderField(" {expires_in_days}", VALUES), " 7");
});

Deno.test("renderField passes non-string values through", () => {
  assert.equal(renderField(42, VALUES), 42);
  assert.equal(renderField(true, VALUES), true);
  assert.equal(renderField(null, VALUES), null);
});

Deno.test("renderField throws for a missing value", () => {
  assert.throws(
    () => renderField("{city}", VALUES),
    { name: "MissingValueError", placeholder: "city" },
  );
});
