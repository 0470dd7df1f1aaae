-- wrk script: POST a Telegram text update with a fresh update_id each time (so every request is a new inbox row).
local counter = 0
local thread_id = 0
function setup(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end
function init(args)
  counter = tid * 100000000
end
request = function()
  counter = counter + 1
  local body = string.format('{"update_id":%d,"message":{"message_id":%d,"date":1621000000,"from":{"id":%d,"is_bot":false,"first_name":"A"},"chat":{"id":%d,"type":"private"},"text":"ngay bau cu la ngay nao"}}', counter, counter, 7000 + counter % 5000, 7000 + counter % 5000)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["X-Telegram-Bot-Api-Secret-Token"] = "bench-secret"}, body)
end
