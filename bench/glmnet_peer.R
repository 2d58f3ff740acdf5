# R's glmnet doing RegLab's full recompute, timed inside R.
#
#   Rscript bench/glmnet_peer.R DATA_DIR REPEATS
#
# DATA_DIR holds what bench/glmnet.py wrote once: dims.txt ("n p"), X.bin (n*p doubles, column-major),
# y.bin (n doubles, scaled to unit population sd so that glmnet's internal y-scaling is the identity and its
# lambda means the same as RegLab's for ridge too), train.bin (1-based integer row indices of the training part).
# After an untimed warm-up on a slice of the data, for each penalty (alpha = 1 then 0) one recompute is: cv.glmnet (the full path plus 5 folds) and the
# hold-out path on the training part with the validation error per lambda: the work RegLab's GUI does.
# Writes DATA_DIR/times.txt (one line per repeat: seconds for alpha = 1, seconds for alpha = 0) and, from the
# first repeat, DATA_DIR/lambda_a{1,0}.bin and DATA_DIR/beta_a{1,0}.bin (p x k, column-major, original scale).

suppressPackageStartupMessages(library(glmnet))

args <- commandArgs(trailingOnly = TRUE)
data_dir <- args[1]
repeats <- as.integer(args[2])

dims <- scan(file.path(data_dir, "dims.txt"), quiet = TRUE)
n <- dims[1]
p <- dims[2]
read_doubles <- function(name, count) readBin(file.path(data_dir, name), "double", n = count, size = 8, endian = "little")
X <- matrix(read_doubles("X.bin", n * p), nrow = n, ncol = p)
y <- read_doubles("y.bin", n)
train <- readBin(file.path(data_dir, "train.bin"), "integer", n = n, size = 4, endian = "little")
val <- setdiff(seq_len(n), train)

recompute <- function(alpha, X, y, train, val) {
  cv_fit <- cv.glmnet(X, y, alpha = alpha, nfolds = 5, nlambda = 100)
  holdout <- glmnet(X[train, , drop = FALSE], y[train], alpha = alpha, lambda = cv_fit$lambda)
  val_mse <- colMeans((predict(holdout, X[val, , drop = FALSE]) - y[val])^2)
  train_mse <- colMeans((predict(holdout, X[train, , drop = FALSE]) - y[train])^2)
  list(fit = cv_fit$glmnet.fit, check = sum(val_mse) + sum(train_mse))
}

# Warm-up, untimed, on the first 50 rows: R loads and byte-compiles what the timed runs use.
warm <- seq_len(min(n, 50))
for (alpha in c(1, 0)) recompute(alpha, X[warm, , drop = FALSE], y[warm], warm[warm %% 4 != 0], warm[warm %% 4 == 0])

write_path <- function(fit, alpha) {
  tag <- if (alpha == 1) "a1" else "a0"
  writeBin(as.double(fit$lambda), file.path(data_dir, paste0("lambda_", tag, ".bin")), size = 8, endian = "little")
  writeBin(as.double(as.matrix(fit$beta)), file.path(data_dir, paste0("beta_", tag, ".bin")), size = 8, endian = "little")
}

lines <- character(repeats)
for (r in seq_len(repeats)) {
  seconds <- c()
  for (alpha in c(1, 0)) {
    start <- Sys.time()
    result <- recompute(alpha, X, y, train, val)
    seconds <- c(seconds, as.double(difftime(Sys.time(), start, units = "secs")))
    if (r == 1) write_path(result$fit, alpha)
  }
  lines[r] <- sprintf("%.9f %.9f", seconds[1], seconds[2])
}
writeLines(lines, file.path(data_dir, "times.txt"))
