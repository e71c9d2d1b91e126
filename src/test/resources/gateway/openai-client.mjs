// Drives the Tandem gateway with the official OpenAI Node client: blocking, streaming, tools and an
// error. Prints one JSON object with what each call returned; the Java test asserts on it.
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.env.TANDEM_BASE_URL, apiKey: process.env.TANDEM_API_KEY, maxRetries: 0 });
const question = [{ role: "user", content: "What is the capital of France?" }];
const out = {};

const blocking = await client.chat.completions.create({ model: "tandem", messages: question });
out.blocking = { content: blocking.choices[0].message.content, tier: blocking.tandem?.tier, usage: blocking.usage };

const stream = await client.chat.completions.create({
  model: "tandem", messages: question, stream: true, stream_options: { include_usage: true },
});
let streamed = "";
let usage = null;
for await (const chunk of stream) {
  streamed += chunk.choices[0]?.delta?.content ?? "";
  if (chunk.usage) usage = chunk.usage;
}
out.streaming = { content: streamed, usage };

const tools = [{
  type: "function",
  function: {
    name: "get_weather",
    description: "The current weather in a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
}];
const called = await client.chat.completions.create({
  model: "tandem", messages: [{ role: "user", content: "What is the weather in Oslo?" }], tools,
});
const call = called.choices[0].message.tool_calls?.[0];
out.tools = { finish: called.choices[0].finish_reason, name: call?.function.name, arguments: call?.function.arguments };

const answered = await client.chat.completions.create({
  model: "tandem", tools,
  messages: [
    { role: "user", content: "What is the weather in Oslo?" },
    { role: "assistant", content: null, tool_calls: [call] },
    { role: "tool", tool_call_id: call.id, content: "{\"temperature\": 21}" },
  ],
});
out.toolResult = { finish: answered.choices[0].finish_reason };

try {
  await client.chat.completions.create({ model: "no-such-model", messages: question });
  out.error = null;
} catch (e) {
  out.error = { status: e.status, code: e.code, type: e.type, isNotFound: e instanceof OpenAI.NotFoundError };
}
try {
  await new OpenAI({ baseURL: process.env.TANDEM_BASE_URL, apiKey: "sk-wrong", maxRetries: 0 })
    .chat.completions.create({ model: "tandem", messages: question });
  out.unauthorized = null;
} catch (e) {
  out.unauthorized = { status: e.status, isAuthentication: e instanceof OpenAI.AuthenticationError };
}
console.log(JSON.stringify(out));
