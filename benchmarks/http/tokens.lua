-- wrk script of the HTTP benchmark (run.sh): every request carries "Authorization: Bearer <token>",
-- cycling through the tokens of a file, one per line; each wrk thread starts at another token.
-- Usage: wrk -s tokens.lua URL -- TOKENS_FILE
-- At the end it prints one "RESULT key=value ..." line for run.sh.

local prepared = {}
local count, next_index = 0, 0
local threads = 0

function setup(thread)
   thread:set("thread_number", threads)
   threads = threads + 1
end

function init(args)
   for line in io.lines(args[1]) do
      if #line > 0 then
         count = count + 1
         prepared[count] = wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. line })
      end
   end
   if count == 0 then
      error("no tokens in " .. args[1])
   end
   next_index = ((thread_number or 0) * 251) % count
end

function request()
   next_index = next_index % count + 1
   return prepared[next_index]
end

function done(summary, latency, _)
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d duration_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
      summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
