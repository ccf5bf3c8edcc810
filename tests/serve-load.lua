-- wrk script of tests/e2e-serve-load.sh: counts responses that are not a
-- whole page (status 200 and a body ending with "</html>\n").
local bad = 0
response = function(status, headers, body)
  if status ~= 200 or body:sub(-8) ~= "</html>\n" then
    bad = bad + 1
  end
end
done = function(summary, latency, requests)
  io.write(string.format("partial pages: %d\n", bad))
end
