"""Datasets: the built-in ones, CSV files, and the standardization every model shares."""

from __future__ import annotations

import csv
import dataclasses
import importlib.util
import io
import math
import numbers
import pathlib
import stat
import string
from dataclasses import dataclass, field

import numpy as np


class DataError(ValueError):
    """A file or a setting cannot give a usable dataset; the message is meant for the user."""


@dataclass(frozen=True)
class Dataset:
    """A regression problem: features ``X`` (n, p) float64 and target ``y`` (n,) float64.

    ``true_coef`` (p,) is known for synthetic data (on the scale of ``X`` as generated), else None.
    ``notes`` says what the loader did (rows dropped, columns skipped).
    ``groups`` gives each feature's group index (0, 1, ...) where features come in groups, else None.
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    target_name: str
    true_coef: np.ndarray | None = None
    description: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    groups: tuple[int, ...] | None = None

    @property
    def n_samples(self) -> int:
        return self.X.shape[0]

    @property
    def n_features(self) -> int:
        return self.X.shape[1]


@dataclass(frozen=True)
class Standardizer:
    """Centre by the mean and scale by the population standard deviation (ddof=0) of the fitted data.

    A constant column gets scale 1, so it becomes all zeros rather than a division by zero.
    """

    mean: np.ndarray
    scale: np.ndarray

    @classmethod
    def fit(cls, X, sample_weight=None) -> Standardizer:
        """Learn mean (p,) and scale (p,) from X (n, p), rows weighted by ``sample_weight`` (n,) if given.

        The weights are normalised to sum to 1 (bootstrap counts, for instance); the scale is the weighted
        population standard deviation. No temporary as large as X is made.
        """
        X = np.asarray(X, dtype=float)
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=float) / np.sum(sample_weight)
        mean = X.mean(axis=0) if weights is None else weights @ X
        scale = np.sqrt(_mean_square_deviation(X, mean, weights))
        scale = np.where(_is_constant(scale, mean), 1.0, scale)
        return cls(mean=mean, scale=scale)

    @classmethod
    def identity(cls, n_features: int) -> Standardizer:
        """The standardizer that leaves X as it is (for ``standardize=False``)."""
        return cls(mean=np.zeros(n_features), scale=np.ones(n_features))

    def transform(self, X, order="K") -> np.ndarray:
        """(X - mean) / scale, X of shape (n, p), as one new array in memory ``order`` ("C", "F" or "K")."""
        scaled = np.subtract(np.asarray(X, dtype=float), self.mean, order=order)
        scaled /= self.scale
        return scaled


def _mean_square_deviation(X, mean, weights, block_elements=1 << 20):
    """Per column, the (weighted) mean of (x - mean)^2 over the rows of X (n, p), a block of rows at a time."""
    n, p = X.shape
    block = max(1, block_elements // max(p, 1))
    total = np.zeros(p)
    for start in range(0, n, block):
        deviation = X[start : start + block] - mean
        if weights is None:
            total += np.einsum("ij,ij->j", deviation, deviation)
        else:
            total += np.einsum("i,ij,ij->j", weights[start : start + block], deviation, deviation)
    return total / n if weights is None else total


def _is_constant(std, mean):
    """True where a column's spread (std) is only rounding noise relative to its level (mean), or NaN."""
    return np.logical_not(std > 1e-12 * np.maximum(1.0, np.abs(mean)))


def standardize(X) -> np.ndarray:
    """X (n, p) centred and scaled to unit population variance; constant columns become 0."""
    return Standardizer.fit(X).transform(X)


# --- Built-in datasets ---------------------------------------------------------------------------------

BUILTIN_DATASETS = ("diabetes", "sparse", "correlated")

# Keeps a synthetic X (n_samples * n_features float64) under 80 MB.
MAX_SYNTHETIC_CELLS = 10_000_000

_SEED_MAX = 2**31 - 1  # a Qt spin box holds a signed 32-bit int


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a built-in dataset: what the GUI shows and what ``load_builtin`` accepts.

    ``at_most`` names another parameter whose value bounds this one (e.g. ``n_informative <= n_features``).
    """

    name: str
    label: str
    default: float
    minimum: float
    maximum: float
    step: float
    is_int: bool
    at_most: str | None = None


_N_SAMPLES = ParamSpec("n_samples", "Samples (n)", 100, 10, 100_000, 10, True)
_NOISE = ParamSpec("noise", "Noise (std)", 1.0, 0.0, 100.0, 0.1, False)
_SEED = ParamSpec("seed", "Seed", 0, 0, _SEED_MAX, 1, True)


_BUILTIN_PARAMS: dict[str, tuple[ParamSpec, ...]] = {
    "diabetes": (),
    "sparse": (
        _N_SAMPLES,
        ParamSpec("n_features", "Features (p)", 20, 2, 2000, 1, True),
        ParamSpec("n_informative", "Non-zero true coefficients", 5, 1, 2000, 1, True, at_most="n_features"),
        _NOISE,
        _SEED,
    ),
    "correlated": (
        _N_SAMPLES,
        ParamSpec("n_groups", "Groups", 4, 1, 200, 1, True),
        ParamSpec("group_size", "Features per group", 3, 2, 10, 1, True),
        ParamSpec("n_informative_groups", "Groups with signal", 2, 1, 200, 1, True, at_most="n_groups"),
        ParamSpec("rho", "Correlation within a group", 0.9, 0.0, 0.99, 0.01, False),
        _NOISE,
        _SEED,
    ),
}


def builtin_parameters(name: str) -> tuple[ParamSpec, ...]:
    """The parameters of built-in dataset ``name``, in display order (empty for diabetes)."""
    _check_builtin_name(name)
    return _BUILTIN_PARAMS[name]


def load_builtin(name: str, **params) -> Dataset:
    """Load a built-in dataset; the same parameters (seed included) give bitwise the same data.

    Parameters
    ----------
    name : {"diabetes", "sparse", "correlated"}
        "diabetes": scikit-learn's copy of Efron et al.'s data, 442 x 10, raw units, read offline.
        "sparse": Gaussian features, only ``n_informative`` true coefficients non-zero (p > n allowed).
        "correlated": ``n_groups`` groups of ``group_size`` features with correlation ``rho`` within a
        group; ``n_informative_groups`` groups carry the signal, shared by all their members.
    **params
        See ``builtin_parameters(name)`` for names, defaults and ranges. A default that exceeds the
        parameter bounding it (``at_most``) is lowered to that parameter's value.

    Returns
    -------
    Dataset
        X (n_samples, n_features), y (n_samples,); ``true_coef`` (n_features,) for synthetic data.

    Raises
    ------
    ValueError
        Unknown name, unknown parameter, or a value outside its range (the message names the allowed ones).
    """
    _check_builtin_name(name)
    values = _validated_params(name, params)
    if name == "diabetes":
        return _load_diabetes()
    if name == "sparse":
        return _make_sparse(**values)
    return _make_correlated(**values)


def _check_builtin_name(name) -> None:
    if name not in BUILTIN_DATASETS:
        raise ValueError(f"unknown built-in dataset {name!r}; choose one of: {', '.join(BUILTIN_DATASETS)}")


def _validated_params(name: str, params: dict) -> dict:
    """Defaults merged with ``params``, each checked against its ParamSpec; ValueError on any misfit."""
    specs = _BUILTIN_PARAMS[name]
    allowed = {spec.name for spec in specs}
    unknown = sorted(set(params) - allowed)
    if unknown:
        choices = ", ".join(spec.name for spec in specs) if specs else "none"
        raise ValueError(f"unknown parameter(s) for {name!r}: {', '.join(unknown)}; allowed: {choices}")
    values = {spec.name: _checked_value(spec, params[spec.name]) for spec in specs if spec.name in params}
    for spec in specs:
        if spec.name not in values:
            bound = values.get(spec.at_most, spec.maximum) if spec.at_most else spec.maximum
            values[spec.name] = min(spec.default, bound)
    for spec in specs:
        if spec.at_most and values[spec.name] > values[spec.at_most]:
            raise ValueError(
                f"{spec.name} must be at most {spec.at_most} = {values[spec.at_most]}, got {values[spec.name]}"
            )
    n_features = values.get("n_features", values.get("n_groups", 0) * values.get("group_size", 0))
    if values.get("n_samples", 0) * n_features > MAX_SYNTHETIC_CELLS:
        raise ValueError(
            f"n_samples x n_features must be at most {MAX_SYNTHETIC_CELLS:,}, "
            f"got {values['n_samples']} x {n_features}"
        )
    return values


def _checked_value(spec: ParamSpec, value):
    """``value`` as int or float if it is a number within [minimum, maximum] (and whole when is_int)."""
    kind = "a whole number" if spec.is_int else "a number"
    allowed = f"{spec.name} must be {kind} in [{spec.minimum}, {spec.maximum}], got {value!r}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(allowed)
    value = float(value)
    if not math.isfinite(value) or not spec.minimum <= value <= spec.maximum:
        raise ValueError(allowed)
    if spec.is_int:
        if not value.is_integer():
            raise ValueError(allowed)
        return int(value)
    return value


def _load_diabetes() -> Dataset:
    # Read scikit-learn's bundled files directly: importing sklearn would cost seconds at start-up.
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise DataError("The diabetes data comes with scikit-learn, which is not installed.")
    folder = pathlib.Path(spec.submodule_search_locations[0]) / "datasets" / "data"
    try:
        X = np.loadtxt(folder / "diabetes_data_raw.csv.gz")
        y = np.loadtxt(folder / "diabetes_target.csv.gz")
    except OSError as exc:
        raise DataError(f"Cannot read scikit-learn's copy of the diabetes data in {folder}: {exc}") from exc
    return Dataset(
        X=X,
        y=y,
        feature_names=_DIABETES_FEATURES,
        target_name="disease progression",
        description=_DIABETES_DESCRIPTION,
    )


_DIABETES_FEATURES = ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")

_DIABETES_DESCRIPTION = (
    "Diabetes (Efron, Hastie, Johnstone and Tibshirani 2004; scikit-learn's copy): 442 patients, "
    "10 baseline measurements in raw units. Target: a measure of disease progression one year later. "
    "age (years), sex, bmi (body mass index), bp (average blood pressure), s1 tc (total serum cholesterol), "
    "s2 ldl (low-density lipoproteins), s3 hdl (high-density lipoproteins), s4 tch (total cholesterol / HDL), "
    "s5 ltg (log of serum triglycerides), s6 glu (blood sugar level)."
)


def _rngs(seed: int) -> tuple[np.random.Generator, np.random.Generator, np.random.Generator]:
    """Independent streams for X, the true coefficients and the noise.

    Separate streams keep X and the truth fixed while the noise level changes (it only rescales the noise).
    """
    return tuple(np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(3))


def _sparse_effects(size: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """(size,) zeros except k effects at random places: sizes from 3 down to 0.5, alternating signs."""
    effects = np.zeros(size)
    support = np.sort(rng.choice(size, size=k, replace=False))
    signed = np.linspace(3.0, 0.5, k) * np.where(np.arange(k) % 2 == 0, 1.0, -1.0)
    effects[support] = signed[rng.permutation(k)]
    return effects


def _synthetic(X, true_coef, noise, rng_noise, feature_names, description, groups=None) -> Dataset:
    """The Dataset with y = X @ true_coef + noise * standard normal (n,)."""
    y = X @ true_coef + noise * rng_noise.standard_normal(X.shape[0])
    return Dataset(X, y, feature_names, "y", true_coef=true_coef, description=description, groups=groups)


def _make_sparse(n_samples, n_features, n_informative, noise, seed) -> Dataset:
    rng_x, rng_coef, rng_noise = _rngs(seed)
    X = rng_x.standard_normal((n_samples, n_features))
    width = len(str(n_features))
    return _synthetic(
        X,
        _sparse_effects(n_features, n_informative, rng_coef),
        noise,
        rng_noise,
        feature_names=tuple(f"x{j + 1:0{width}d}" for j in range(n_features)),
        description=(
            f"Sparse synthetic data: {n_samples} samples, {n_features} independent Gaussian features, "
            f"only {n_informative} with a non-zero true coefficient; noise std {noise:g}. "
            "The lasso's home ground."
        ),
    )


def _make_correlated(n_samples, n_groups, group_size, n_informative_groups, rho, noise, seed) -> Dataset:
    rng_x, rng_coef, rng_noise = _rngs(seed)
    groups = np.repeat(np.arange(n_groups), group_size)
    # x = sqrt(rho) z_group + sqrt(1 - rho) e: unit variance, correlation rho inside a group, 0 across groups.
    latent = rng_x.standard_normal((n_samples, n_groups))
    own = rng_x.standard_normal((n_samples, groups.size))
    X = np.sqrt(rho) * latent[:, groups] + np.sqrt(1.0 - rho) * own
    # Every member of a group carries an equal share of the group's effect.
    true_coef = _sparse_effects(n_groups, n_informative_groups, rng_coef)[groups] / group_size
    letters = string.ascii_lowercase[:group_size]
    return _synthetic(
        X,
        true_coef,
        noise,
        rng_noise,
        feature_names=tuple(f"g{g + 1}.{letter}" for g in range(n_groups) for letter in letters),
        description=(
            f"Correlated synthetic data: {n_samples} samples, {n_groups} groups of {group_size} features, "
            f"correlation {rho:g} within a group, none between groups; {n_informative_groups} groups carry "
            f"the signal, shared equally by their members; noise std {noise:g}. Ridge's home ground."
        ),
        groups=tuple(int(g) for g in groups),
    )


# --- CSV files -----------------------------------------------------------------------------------------

MAX_CSV_BYTES = 200 * 1024 * 1024
MAX_CSV_ROWS = 1_000_000
MIN_CSV_ROWS = 5
MIN_CSV_FEATURES = 2
# Larger magnitudes overflow when squared and summed (Gram matrices, variances).
MAX_ABS_VALUE = 1e100
MISSING_MARKERS = frozenset({"", "na", "n/a", "nan", "null", "?"})

_DELIMITERS = (",", ";", "\t")  # in order of preference when they split the file equally well
_SNIFF_LINES = 50
_CHUNK_ROWS = 20_000  # rows converted at a time: bounds the memory held as Python strings
_LISTED = 10  # how many rows or columns a note lists before "and N more"


def load_csv(path, target: str | None = None) -> Dataset:
    """Read a regression problem from a CSV file with a header row.

    The delimiter (comma, semicolon or tab) is detected; the file must be UTF-8 (a BOM is allowed).
    Numeric columns become features, other columns are skipped (listed in ``notes``). The cells
    ``""``, ``NA``, ``N/A``, ``NaN``, ``null`` (any case) and ``?`` mark missing values; rows with a
    missing or non-finite value in a used column are dropped (counted in ``notes``). In a semicolon-
    or tab-separated file, a column whose numbers use a decimal comma and never a point is read as such.
    Constant feature columns are dropped (noted).

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file.
    target : str, optional
        The name of the target column; by default the last numeric column.

    Returns
    -------
    Dataset
        X (n_samples, n_features) float64, y (n_samples,) float64, all finite; n_features >= 2,
        n_samples >= MIN_CSV_ROWS; feature and target names unique.

    Raises
    ------
    DataError
        Whenever the file cannot give such a dataset; the message names the file and, where it
        applies, the row (the file's line number, header = row 1) and the column.
    """
    path = pathlib.Path(path)
    label = repr(path.name or str(path))
    try:
        dataset = _dataset_from_table(_read_table(_read_text(path, label), label), label, target)
    except MemoryError:
        raise DataError(f"{label} is too large to load into memory.") from None
    description = (
        f"{path.name}: {dataset.n_samples} rows, {dataset.n_features} numeric features, "
        f"target {_shown(dataset.target_name)}."
    )
    return dataclasses.replace(dataset, description=description)


def _read_text(path: pathlib.Path, label: str) -> str:
    """The file's text, after the checks that need no parsing (existence, size, encoding)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise DataError(f"{label} is a folder, not a CSV file ({path}).")
        if not stat.S_ISREG(info.st_mode):
            raise DataError(f"{label} is not a regular file ({path}).")
        if info.st_size > MAX_CSV_BYTES:
            raise DataError(
                f"{label} is {info.st_size / 2**20:.0f} MB; RegLab reads CSV files up to {MAX_CSV_BYTES // 2**20} MB."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{label} does not exist ({path}).") from None
    except OSError as exc:
        raise DataError(f"Cannot read {label}: {exc.strerror or exc} ({path}).") from None
    hint = _binary_hint(data)
    if hint:
        raise DataError(f"{label} is not a CSV text file: {hint} Save it as CSV (UTF-8) and try again.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            f"{label} is not UTF-8 text: row {row} holds the byte 0x{data[exc.start]:02X}. "
            "Save it as 'CSV UTF-8' and try again."
        ) from None
    if not text.strip():
        raise DataError(f"{label} is empty.")
    return text


def _binary_hint(data: bytes) -> str:
    """What a file that is clearly not CSV text looks like, or "" when it may be text."""
    if data.startswith(b"PK\x03\x04"):
        return "it looks like an Excel workbook (.xlsx) or another zip archive."
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "it is UTF-16 text."
    if b"\x00" in data:
        return "it contains binary data."
    return ""


@dataclass(frozen=True)
class _Table:
    """What the parser found: numeric columns {name: (n,) with NaN where missing}, text columns
    {name: (row, first non-number cell)}, the columns read with decimal commas, each data row's line (n,)."""

    names: tuple[str, ...]
    numeric: dict[str, np.ndarray]
    text: dict[str, tuple[int, str]]
    decimal_comma: tuple[str, ...]
    rows: np.ndarray


def _read_table(text: str, label: str) -> _Table:
    """Parse the header, then the data rows: all at once when they are clean numbers, else row by row."""
    delimiter = _detect_delimiter(text)
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    names, header_row, columns = None, 0, []
    chunk, chunk_rows, row_parts = [], [], []
    line = n_rows = 0
    try:
        for fields in reader:
            start, line = line + 1, reader.line_num
            if len(fields) <= 1 and not "".join(fields).strip():
                continue  # a blank line
            if names is None:
                names, header_row = _header_names(fields, label, start), start
                table = _clean_numbers(names, text[stream.tell() :], delimiter, header_row, label)
                if table is not None:
                    return table
                columns = [_CSVColumn(decimal_comma_allowed=delimiter != ",") for _ in names]
                continue
            n_rows += 1
            if n_rows > MAX_CSV_ROWS:
                raise _too_many_rows(label)
            chunk.append(fields)
            chunk_rows.append(start)
            if len(chunk) == _CHUNK_ROWS:
                row_parts.append(_add_chunk(chunk, chunk_rows, columns, label, header_row))
                chunk, chunk_rows = [], []
    except csv.Error as exc:
        raise DataError(f"{label}: row {line + 1} cannot be read as CSV ({exc}).") from None
    if names is None:
        raise DataError(f"{label} holds no rows of data.")
    if chunk:
        row_parts.append(_add_chunk(chunk, chunk_rows, columns, label, header_row))
    if not row_parts:
        raise DataError(f"{label} has a header (row {header_row}) but no data rows.")
    return _Table(
        names=names,
        numeric={name: column.values for name, column in zip(names, columns) if column.text_cell is None},
        text={name: column.text_cell for name, column in zip(names, columns) if column.text_cell is not None},
        decimal_comma=tuple(name for name, column in zip(names, columns) if column.decimal_comma),
        rows=np.concatenate(row_parts),
    )


def _too_many_rows(label: str) -> DataError:
    return DataError(f"{label} has more than {MAX_CSV_ROWS:,} data rows; RegLab reads at most that many.")


def _clean_numbers(names: tuple[str, ...], body: str, delimiter: str, header_row: int, label: str) -> _Table | None:
    """The table when every data cell is a finite number of moderate size, else None.

    numpy's C parser reads such files several times faster than csv + float() and accepts a subset of
    what float() accepts, so both routes give the same numbers; anything unusual takes the general route.
    """
    # Beyond the row limit by lines, the general route counts exactly (blank lines do not count).
    if not body or body.isspace() or body.count("\n") > MAX_CSV_ROWS:
        return None
    try:
        values = np.loadtxt(
            io.StringIO(body),
            dtype=np.float64,
            delimiter=delimiter,
            quotechar='"',
            comments=None,
            ndmin=2,
        )
    except ValueError:
        return None
    if values.shape[1] != len(names):
        return None
    if values.shape[0] > MAX_CSV_ROWS:
        raise _too_many_rows(label)
    if not (np.isfinite(values).all() and np.abs(values).max() <= MAX_ABS_VALUE):
        return None
    # Only rows with a problem need their line numbers, and this route has none.
    rows = header_row + 1 + np.arange(values.shape[0])
    return _Table(names, {name: values[:, j] for j, name in enumerate(names)}, {}, (), rows)


def _detect_delimiter(text: str) -> str:
    """The delimiter among comma, semicolon and tab that splits the first lines most consistently.

    Best is the one giving the header most fields (at least 2) with every following sampled row
    matching the header's field count; ties go to the comma, then the semicolon.
    """
    end = -1
    for _ in range(_SNIFF_LINES):
        end = text.find("\n", end + 1)
        if end < 0:
            break
    sample = text if end < 0 else text[: end + 1]

    def score(delimiter):
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            records = [fields for fields in reader if "".join(fields).strip()]
        except csv.Error:
            return (False, False, 0)
        if end >= 0 and len(records) > 2:
            records.pop()  # the sample may cut a quoted multi-line field in its last record
        if not records:
            return (False, False, 0)
        k = len(records[0])
        return (k >= 2, all(_fits_header(r, k) for r in records[1:]), k)

    return max(_DELIMITERS, key=score)


def _fits_header(fields: list[str], k: int) -> bool:
    """A row of k fields, or more whose extra fields are empty (as spreadsheets sometimes write them)."""
    return len(fields) == k or (len(fields) > k and not "".join(fields[k:]).strip())


def _header_names(fields: list[str], label: str, row: int) -> tuple[str, ...]:
    """The stripped column names (an empty one becomes "column j"), checked for use."""
    if len(fields) < 2:
        raise DataError(
            f"{label} has a single column (row {row}: {_shown(fields[0])}). RegLab needs a target and at least "
            f"{MIN_CSV_FEATURES} features, in columns separated by commas, semicolons or tabs."
        )
    if all(_is_number(field) for field in fields):
        raise DataError(
            f"{label}: row {row} holds numbers ({', '.join(_shown(f) for f in fields[:3])}, ...) where the column "
            "names should be. Add a header row that names the columns."
        )
    names = tuple(field.strip() or f"column {j + 1}" for j, field in enumerate(fields))
    first_seen: dict[str, int] = {}
    for j, name in enumerate(names):
        if name in first_seen:
            raise DataError(
                f"{label}: the column name {_shown(name)} appears twice in the header (row {row}, columns "
                f"{first_seen[name] + 1} and {j + 1}). Column names must be unique."
            )
        first_seen[name] = j
    return names


def _add_chunk(chunk: list[list[str]], rows: list[int], columns: list[_CSVColumn], label: str, header_row: int):
    """Feed a block of data rows to the columns; returns the rows' line numbers (m,)."""
    k = len(columns)
    for i, fields in enumerate(chunk):
        if len(fields) != k:
            if not _fits_header(fields, k):
                raise DataError(
                    f"{label}: row {rows[i]} has {len(fields)} fields but the header (row {header_row}) has {k}. "
                    "Check that row's delimiters and quotes."
                )
            chunk[i] = fields[:k]
    rows = np.asarray(rows)
    for column, cells in zip(columns, zip(*chunk)):
        column.add(cells, rows)
    return rows


class _CSVColumn:
    """One column's numbers (NaN where missing), read block by block until a cell shows it is text.

    Where decimal commas are allowed, a column reads "1,5" as 1.5 only if it never holds a point.
    """

    def __init__(self, decimal_comma_allowed: bool):
        self._parts: list[np.ndarray] = []
        self._comma_allowed = decimal_comma_allowed
        self._point_seen = False
        self.decimal_comma = False
        self.text_cell: tuple[int, str] | None = None  # (row, cell) of the first cell that is not a number

    def add(self, cells: tuple[str, ...], rows: np.ndarray) -> None:
        if self.text_cell is not None:
            return
        has_point = self._comma_allowed and "." in "".join(cells)
        self._point_seen |= has_point
        values = None
        if not (self.decimal_comma and has_point):
            values = _floats_or_none(cells, self.decimal_comma)
            if values is None and self._comma_allowed and not self._point_seen and not self.decimal_comma:
                values = _floats_or_none(cells, decimal_comma=True)
                self.decimal_comma = values is not None
        if values is None:
            self._parts = []
            self.text_cell = self._first_text_cell(cells, rows)
        else:
            self._parts.append(values)

    def _first_text_cell(self, cells, rows) -> tuple[int, str]:
        comma = self.decimal_comma or (self._comma_allowed and not self._point_seen)
        for i, cell in enumerate(cells):
            try:
                _cell_value(cell, comma)
            except ValueError:
                return int(rows[i]), cell
        # Every cell is a number on its own: the column mixes decimal points and decimal commas.
        i = next(i for i, cell in enumerate(cells) if "." in cell)
        return int(rows[i]), cells[i]

    @property
    def values(self) -> np.ndarray:
        """The numbers read (n,), NaN where missing; only for a numeric column."""
        return np.concatenate(self._parts)


def _floats_or_none(cells: tuple[str, ...], decimal_comma: bool) -> np.ndarray | None:
    """cells as float64 (m,), NaN for missing markers; None if a cell is not a number."""
    try:
        # Fast path for clean columns: float() accepts surrounding whitespace, "nan" and "inf".
        return np.fromiter(map(float, cells), np.float64, len(cells))
    except ValueError:
        pass
    try:
        return np.fromiter((_cell_value(cell, decimal_comma) for cell in cells), np.float64, len(cells))
    except ValueError:
        return None


def _cell_value(cell: str, decimal_comma: bool) -> float:
    text = cell.strip()
    if text.lower() in MISSING_MARKERS:
        return math.nan
    return float(text.replace(",", ".") if decimal_comma else text)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _dataset_from_table(table: _Table, label: str, target) -> Dataset:
    """Choose target and features, drop incomplete rows and constant features, check what is left."""
    numeric, notes = _usable_columns(table)
    if not numeric:
        raise DataError(f"{label} has no numeric column. " + " ".join(notes))
    target_name = _target_name(target, table, numeric, label)
    if target is None:
        notes.append(f"Target: {_shown(target_name)} (the last numeric column).")
    feature_names = [name for name in numeric if name != target_name]
    _require_features(feature_names, f"numeric feature columns besides the target {_shown(target_name)}", label, notes)
    X = np.column_stack([numeric[name] for name in feature_names])
    y = numeric[target_name]
    X, y, rows = _complete_rows(X, y, table.rows, [*feature_names, target_name], label, notes)
    _check_magnitudes(X, y, rows, feature_names, target_name, label)

    constant = _is_constant(X.std(axis=0), X.mean(axis=0))
    if constant.any():
        skipped = _listed(np.array(feature_names)[constant])
        notes.append(f"Skipped constant columns (one value in every used row): {skipped}.")
        X = X[:, ~constant]
        feature_names = [name for name, c in zip(feature_names, constant) if not c]
        _require_features(feature_names, "feature columns that are not constant", label, notes)
    if _is_constant(y.std(), y.mean()):
        raise DataError(
            f"{label}: the target {_shown(target_name)} has the same value ({y[0]:g}) in every used row: "
            "there is nothing to predict."
        )
    return Dataset(
        X=np.ascontiguousarray(X), y=y, feature_names=tuple(feature_names), target_name=target_name, notes=tuple(notes)
    )


def _usable_columns(table: _Table) -> tuple[dict[str, np.ndarray], list[str]]:
    """The numeric columns that hold at least one value, and notes on the columns left out."""
    numeric = {name: values for name, values in table.numeric.items() if not np.isnan(values).all()}
    empty = [name for name in table.numeric if name not in numeric]
    comma = [name for name in table.decimal_comma if name in numeric]
    notes = []
    if table.text:
        notes.append(f"Skipped non-numeric columns: {_text_cells(table.text)}.")
    if empty:
        notes.append(f"Skipped empty columns (no values): {_listed(empty)}.")
    if comma:
        notes.append(f"Read decimal commas (1,5 = 1.5) in columns: {_listed(comma)}.")
    return numeric, notes


def _target_name(target, table: _Table, numeric: dict, label: str) -> str:
    """The target column: ``target`` if it names a usable numeric column, else the last numeric one."""
    if target is None:
        return list(numeric)[-1]
    name = str(target).strip()
    choices = f"numeric columns: {_listed(numeric)}"
    if name not in table.names:
        raise DataError(f"{label} has no column {_shown(name)}; {choices}.")
    if name in table.text:
        row, cell = table.text[name]
        raise DataError(
            f"{label}: the target column {_shown(name)} is not numeric (row {row}: {_shown(cell)}); {choices}."
        )
    if name not in numeric:
        raise DataError(f"{label}: the target column {_shown(name)} has no values; {choices}.")
    return name


def _require_features(feature_names: list[str], what: str, label: str, notes: list[str]) -> None:
    if len(feature_names) < MIN_CSV_FEATURES:
        raise DataError(
            f"{label} has {len(feature_names)} {what}; RegLab needs at least {MIN_CSV_FEATURES}. " + " ".join(notes)
        )


def _complete_rows(X, y, rows, used_names, label, notes):
    """X, y and rows without the rows that miss a value (noted); DataError if fewer than MIN_CSV_ROWS remain."""
    finite = np.isfinite(np.column_stack([X, y]))
    usable = finite.all(axis=1)
    if not usable.all():
        dropped = rows[~usable]
        rows_word = "row" if dropped.size == 1 else "rows"
        notes.append(
            f"Dropped {dropped.size} {rows_word} with missing or non-finite values ({rows_word} {_listed(dropped)})."
        )
    if usable.sum() < MIN_CSV_ROWS:
        if usable.all():
            raise DataError(f"{label} has only {rows.size} data rows; RegLab needs at least {MIN_CSV_ROWS}.")
        missing = np.count_nonzero(~finite, axis=0)
        worst = int(np.argmax(missing))
        raise DataError(
            f"{label} has only {usable.sum()} rows with a value in every used column; RegLab needs at least "
            f"{MIN_CSV_ROWS}. Column {_shown(used_names[worst])} has the most missing values "
            f"({missing[worst]} of {rows.size} rows)."
        )
    return X[usable], y[usable], rows[usable]


def _text_cells(text: dict) -> str:
    """'name (row 2: 'Alice'), ...' for columns {name: (row, cell)} whose first non-number is that cell."""
    return _listed(f"{name} (row {row}: {_shown(cell)})" for name, (row, cell) in text.items())


def _check_magnitudes(X, y, rows, feature_names, target_name, label) -> None:
    """DataError naming the first cell whose magnitude exceeds MAX_ABS_VALUE."""
    if max(np.abs(X).max(), np.abs(y).max()) <= MAX_ABS_VALUE:
        return
    table = np.column_stack([X, y])
    i, j = np.argwhere(np.abs(table) > MAX_ABS_VALUE)[0]
    name = [*feature_names, target_name][j]
    raise DataError(
        f"{label}: row {rows[i]}, column {_shown(name)} holds {table[i, j]:g}, too large to compute with "
        f"(RegLab accepts magnitudes up to {MAX_ABS_VALUE:g})."
    )


def _listed(items) -> str:
    """'a, b, c' with at most _LISTED items, then 'and N more'."""
    items = [str(item) for item in items]
    shown = ", ".join(items[:_LISTED])
    return shown if len(items) <= _LISTED else f"{shown} and {len(items) - _LISTED} more"


def _shown(cell: str) -> str:
    """A cell quoted for a message, shortened when long."""
    cell = str(cell)
    return repr(cell if len(cell) <= 40 else cell[:37] + "...")
