-- wrk script: POST a Telegram text update with a fresh update_id each time (so every request is a new inbox row).
-- Ids start from the clock (100 000 per second per thread, far above what one thread sends), so consecutive
-- runs against the same database (warm-up, then the measured run) never repeat an id: a repeated id is a
-- redelivery, which the bot drops without answering, and would flatter the figures.
local counter = 0
local thread_id = 0
function setup(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end
function init(args)
  counter = tid * 1e15 + os.time() * 100000
end
request = function()
  counter = counter + 1
  local body = string.format('{"update_id":%d,"message":{"message_id":%d,"date":1621000000,"from":{"id":%d,"is_bot":false,"first_name":"A"},"chat":{"id":%d,"type":"private"},"text":"ngay bau cu la ngay nao"}}', counter, counter, 7000 + counter % 5000, 7000 + counter % 5000)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["X-Telegram-Bot-Api-Secret-Token"] = "bench-secret"}, body)
end
