-- Two empty statements, each its own transaction: the cost of two round trips over loopback
-- TCP (send, receive, wake-ups) and two trivial commits, which any provision with a claim
-- before the provider call and a finish after it pays.
SELECT 1;
SELECT 1;
