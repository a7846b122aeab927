-- GET with the bearer key from the environment (wrk's -H would do too; this keeps the key off
-- the command line, where ps shows it).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
