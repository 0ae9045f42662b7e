"""Surviving mutants reviewed by hand (tools/mutation.py reads this file).

mutant name -> (a piece of the mutated line, verdict).  The verdict applies only while the
mutant's new line still contains that piece: when its file changes and mutmut renumbers the
mutants, an outdated entry is ignored and the survivor is reported "open" again.

"equivalent: ..." means no input can make the mutant behave differently from the original, and
says why; only these are left out of the mutation score's denominator.  "open: ..." explains a
survivor that is NOT equivalent (rounding, another seed ...) and counts against the score.
"""

ONE_TERM = ("each output element receives exactly one non-zero term, so the wider dtype holds it "
            "exactly, and the engine casts every gradient to its input's dtype")
EXACT_MASK = ("the factors are 0, 1/2 or 1, exact in every float dtype, and the engine casts "
              "every gradient to its input's dtype (autograd/engine.py)")

DOUBLE_ROUNDING = ("a float64 copy of a float32 or float16 number is exact, and a float32 + "
                   "float64 sum of two such numbers is rounded once more to float32, which for + "
                   "is the same as rounding once (53 >= 2·24 + 2 bits: double rounding is "
                   "innocuous)")

TIE_QUOTIENT = ("equivalent: dz·mask is dz or 0 exactly, and a float32 or float16 number divided "
                "by the count k in float64, then cast to the input's dtype by the engine (or by "
                "the Tensor operand rule under create_graph), is the correctly rounded dz / k: "
                "double rounding of a quotient is innocuous with 53 >= 2·24 + 2 bits")

REVIEWED = {
    # --- ops/activations.py -------------------------------------------------------------------
    "ops.activations.xǁELUǁforward__mutmut_22": (
        "np.minimum(x, 1)", "equivalent: for x <= 0 min(x, 1) = min(x, 0) = x; for x > 0 that "
        "branch of np.where is discarded"),
    "ops.activations.xǁELUǁbackward__mutmut_3": (
        ".astype(None)", "equivalent: the mask is 0/1, every product but dz·(z + α) is exact, and "
        "that one, a product of two numbers of the input's dtype, is exact in float64 and rounded "
        "once by the engine's cast, as the original rounds it once"),
    "ops.activations.xǁELUǁforward__mutmut_14": (
        "x >= 0", "open: at x = 0 both branches give 0 for every finite α (α·expm1(0) = α·0), but "
        "an infinite α gives NaN there in the original (0·∞)"),
    "ops.activations.xǁLeakyReLUǁforward__mutmut_10": (
        "x >= 0", "open: at x = 0 both branches give 0 for every finite slope, but an infinite "
        "slope gives NaN there in the original (0·∞)"),
    "ops.activations.xǁLeakyReLUǁbackward__mutmut_5": (
        ".astype(None)", "open: the slope stays float64 instead of being rounded to float32 "
        "first: the gradient can differ in the last bit"),
    # --- ops/math.py ----------------------------------------------------------------------------
    "ops.math.xǁClipǁbackward__mutmut_10": (
        "inside = x >= self.low", "equivalent: inside is all True before this line, and "
        "True & m == m"),
    "ops.math.xǁClipǁbackward__mutmut_18": (".astype(None)", "equivalent: " + EXACT_MASK),
    "ops.math.xǁ_Extremumǁbackward__mutmut_3": ("dtype = None", "equivalent: " + EXACT_MASK),
    "ops.math.xǁ_Extremumǁbackward__mutmut_4": ("result_type(None", "equivalent: np.result_type("
                                                "None, d) is at least float64; " + EXACT_MASK),
    "ops.math.xǁ_Extremumǁbackward__mutmut_5": ("x.dtype, None)", "equivalent: np.result_type("
                                                "d, None) is at least float64; " + EXACT_MASK),
    "ops.math.xǁ_Extremumǁbackward__mutmut_7": ("result_type(x.dtype, )", "equivalent: x's dtype "
                                                "or wider; " + EXACT_MASK),
    "ops.math.xǁ_Extremumǁbackward__mutmut_9": (".astype(None)", "equivalent: " + EXACT_MASK),
    "ops.math.xǁ_Extremumǁbackward__mutmut_6": (
        "result_type(y.dtype)", "open: differs only when ops.Maximum.apply is given a float x and "
        "an integer y (the tie's ½ would truncate to 0); maximum()/minimum() refuse mixed dtypes"),
    "ops.math.xǁWhereǁbackward__mutmut_2": (".astype(None)", "equivalent: " + EXACT_MASK),
    "ops.math.x_erf_array__mutmut_3": (
        "x.astype(None)", "equivalent: astype(None) is astype(float64) (np.dtype(None) is float64)"),
    "ops.math.x_erf_array__mutmut_9": (
        "np.minimum(t, 4.0)", "equivalent: below 3 min(t, 4) = min(t, 3) = t; at 3 and above the "
        "series is discarded by np.where(t < 3, ...)"),
    "ops.math.x_erf_array__mutmut_17": (
        "range(1, 61)", "equivalent: the 60th term is below 1e-28 of the sum at t = 3 (largest "
        "there), less than half an ulp, so adding it never changes the float64 sum"),
    "ops.math.x_erf_array__mutmut_52": (
        "range(41, 0, -1)", "open: one more level of the continued fraction; identical float64 "
        "results at t = 3 and on 2 million points of [-6, 6], but not proven for every input"),
    "ops.math.x_erf_array__mutmut_77": (
        "t <= 3.0", "open: at |x| = 3 exactly the series is used instead of the tail: the last "
        "bits differ"),
    "ops.math.x_where__mutmut_3": (
        "and False", "equivalent: np.asarray of a bool tensor is its data (Tensor.__array__), which "
        "where() copies either way"),
    # --- ops/elementwise.py --------------------------------------------------------------------
    "ops.elementwise.xǁReLUǁbackward__mutmut_5": (
        "(z.dtype == np.float16) and False", "equivalent: z > 0 and half.positive_float16(z) give "
        "the same mask on all 65,536 float16 bit patterns (checked exhaustively)"),
    # --- ops/matmul.py -------------------------------------------------------------------------
    "ops.matmul.x_check_matmul_shapes__mutmut_27": (
        "len(a) > 2 or len(b) > 2", "equivalent: an operand with 2 axes or fewer has no batch "
        "axes (its [:-2] is ()), which broadcast with any batch shape, so the check never raises"),
    "ops.matmul.x_check_matmul_shapes__mutmut_28": (
        "len(a) >= 2 and len(b) > 2", "equivalent: a 2-axis a has batch axes () (a[:-2]), which "
        "broadcast with any batch shape, so the check never raises"),
    "ops.matmul.x_check_matmul_shapes__mutmut_30": (
        "len(a) > 2 and len(b) >= 2", "equivalent: a 2-axis b has batch axes () (b[:-2]), which "
        "broadcast with any batch shape, so the check never raises"),
    # --- ops/reduce.py -------------------------------------------------------------------------
    "ops.reduce.xǁMeanǁforward__mutmut_4": (
        "or True", "equivalent: with no axes np.prod([]) is 1.0, the count the else branch gives"),
    "ops.reduce.xǁMeanǁforward__mutmut_18": (
        "np.full(shape, None", "equivalent: np.full fills NaN when given None for a float dtype "
        "(checked for float16, float32, float64)"),
    "ops.reduce.xǁMeanǁbackward__mutmut_6": (
        "else 1.0", "equivalent: a count of 0 means a reduced axis is empty, so the gradient has "
        "no element to scale"),
    "ops.reduce.xǁMaxǁbackward__mutmut_6": (
        "keepdims=True).astype(None)", TIE_QUOTIENT),
    "ops.reduce.xǁMaxǁbackward__mutmut_25": (
        "mask.astype(None) / count", TIE_QUOTIENT),
    # --- ops/shape.py --------------------------------------------------------------------------
    "ops.shape.xǁCastǁforward__mutmut_1": (
        "self.in_dtype = None", "equivalent: the backward then casts to float64 (np.dtype(None)), "
        "exactly, and the engine casts to the input's dtype, one rounding as before"),
    "ops.shape.xǁCastǁbackward__mutmut_2": (
        "dual.cast(dz, None)", "equivalent: cast to float64 (exact), then the engine's cast to the "
        "input's dtype: one rounding, as before"),
    "ops.shape.x__is_basic__mutmut_2": (
        "and False", "equivalent: it only calls fewer indices basic; np.add.at into zeros equals "
        "assignment for an index that repeats no element"),
    "ops.shape.x__is_basic__mutmut_5": (
        "i is None and i is Ellipsis", "equivalent: it only calls fewer indices basic (see above)"),
    "ops.shape.x__is_basic__mutmut_6": (
        "and i is None or", "equivalent: it only calls fewer indices basic (see above)"),
    # --- ops/shape_extra.py --------------------------------------------------------------------
    "ops.shape_extra.xǁFlipǁforward__mutmut_2": (
        "or True", "equivalent: np.flip(x, axis=()) returns x's numbers unchanged"),
    "ops.shape_extra.xǁPadǁforward__mutmut_18": (
        "np.pad(x, self.widths, constant_values", "equivalent: np.pad's default mode is 'constant'"),
    "ops.shape_extra.x_pad_widths__mutmut_17": (
        "len(pad_width) / 2 > ndim", "equivalent: the test before it (len % 2) leaves only even "
        "lengths, for which / 2 and // 2 are equal"),
    # --- ops/statistics.py ---------------------------------------------------------------------
    "ops.statistics.x__arg__mutmut_20": (
        "else 2", "equivalent: the count is only compared with 0, and a 0-d tensor has 1 or 2 "
        "either way, never 0"),
    "ops.statistics.x__arg__mutmut_32": (
        "reshape(None)", "equivalent: np.argmax / np.argmin without an axis read the array "
        "flattened anyway"),
    "ops.statistics.x__arg__mutmut_48": (
        "or (1,)", "equivalent: the fallback is used only for a 0-d tensor, whose result is 0 "
        "without reading the axis"),
    "ops.statistics.x__arg__mutmut_51": (
        "or True", "equivalent: np.argmax / np.argmin of a 0-d array along axis 0 (keepdims or "
        "not) give 0, the else branch's value"),
    "ops.statistics.x__arg__mutmut_65": (
        "dtype=None)", "equivalent: np.argmax returns intp, which is int64 on every 64-bit "
        "platform of NumPy 2"),
    "ops.statistics.x__arg__mutmut_67": (
        "np.asarray(result, )", "equivalent: np.argmax returns intp, which is int64 on every "
        "64-bit platform of NumPy 2"),
    # --- ops/logical.py ------------------------------------------------------------------------
    "ops.logical.x__mask_data__mutmut_2": (
        "and False", "equivalent: masks are bool or integer tensors, which never require grad, so "
        "np.asarray(t) is t's data"),
    "ops.logical.x__mask_data__mutmut_6": (
        '"XXbiuXX"', "equivalent: no NumPy dtype has the kind 'X'"),
    "ops.logical.x__python_or__mutmut_2": (
        "or True", "equivalent: the ufunc then gets the value itself; a mask Tensor (never requiring "
        "grad) converts through __array__ to its data, and arrays, lists and NumPy scalars convert "
        "as np.asarray did (floats were refused before)"),
    "ops.operands.x__numeric__mutmut_2": (
        '"XXbiufXX"', "equivalent: no NumPy dtype has the kind 'X'"),
    # --- ops/conv.py ---------------------------------------------------------------------------
    "ops.conv.x_in_memory_order_of__mutmut_1": ("None", "equivalent: the layouts then never look "
        "equal, so the gradient is always copied: memory only, same numbers"),
    "ops.conv.x_in_memory_order_of__mutmut_2": ("None", "equivalent: always copies: memory only, "
        "same numbers"),
    "ops.conv.x_in_memory_order_of__mutmut_5": ("np.argsort(None)", "equivalent: np.argsort(None) "
        "is [0], never equal to a 4-D order, so it always copies: memory only"),
    "ops.conv.x_in_memory_order_of__mutmut_6": ("np.argsort(None)", "equivalent: np.argsort(None) "
        "is [0], never equal to a 4-D order, so it always copies: memory only"),
    "ops.conv.x_memory_order__mutmut_3": ("key=None", "equivalent: the order only lays out the "
        "pools' backward buffers (C order instead of x's): same numbers"),
    "ops.conv.x_memory_order__mutmut_5": ("range(a.ndim), )", "equivalent: the order only lays "
        "out the pools' backward buffers (C order instead of x's): same numbers"),
    "ops.conv.x_memory_order__mutmut_8": ("+a.strides", "equivalent: the order only lays out the "
        "pools' backward buffers (reversed): same numbers"),
    "ops.conv.x_first_arg_max__mutmut_6": ("and False", "equivalent: positions always in int32, "
        "which holds every window position"),
    "ops.conv.x_first_arg_max__mutmut_8": ("<= 256", "equivalent: 256 windows have positions "
        "0..255, which uint8 holds"),
    "ops.conv.x_first_arg_max__mutmut_9": ("< 257", "equivalent: 256 windows have positions "
        "0..255, which uint8 holds"),
    "ops.conv.xǁConv2dǁbackward__mutmut_21": ('= ""', "equivalent: the value returned for an input "
        "that needs no gradient is dropped by the engine (autograd/engine.py)"),
    "ops.conv.xǁConv2dǁbackward__mutmut_32": ("and False", "equivalent: dwb[:, :k] of a matrix "
        "with k columns is the whole matrix"),
    "ops.conv.xǁConv2dǁbackward__mutmut_55": ("out=None", "equivalent: a new array instead of "
        "reusing the columns' memory: same numbers"),
    "ops.conv.xǁConv2dǁbackward__mutmut_58": ("dy_flat, )", "equivalent: a new array instead of "
        "reusing the columns' memory: same numbers"),
    "ops.conv.xǁConv2dǁforward__mutmut_59": ("reshape(fn, -2)", "equivalent: NumPy infers the "
        "size for any negative value"),
    "ops.conv.xǁ_Pool2dǁgeometry__mutmut_12": ("memory_order=None", "equivalent: memory layout "
        "only (the backward buffer in C order instead of x's order); same numbers"),
    "ops.conv.xǁ_Pool2dǁgeometry__mutmut_18": (")", "equivalent: memory layout only (the "
        "backward buffer in C order instead of x's order); same numbers"),
    "ops.conv.xǁ_PoolGeometryǁ__init____mutmut_4": ("memory_order and", "equivalent: memory "
        "layout only (C order whenever an order is given); same numbers"),
    "ops.conv.xǁ_PoolGeometryǁgeometry__mutmut_13": (
        "memory_order=None", "equivalent: memory layout only (the backward buffer is laid out in "
        "C order instead of x's order); same numbers"),
    "ops.conv.xǁ_PoolGeometryǁgeometry__mutmut_20": (
        "arg=self.arg)", "equivalent: memory layout only (the backward buffer is laid out in C "
        "order instead of x's order); same numbers"),
    "ops.conv.xǁMaxPoolGatherǁforward__mutmut_8": (
        "dtype=None)", "open: " + ONE_TERM + "; but ops.MaxPoolGather called directly on float32 "
        "returns float64"),
    "ops.conv.xǁMaxPoolGatherǁforward__mutmut_10": (
        "np.zeros(self.arg.shape, )", "open: " + ONE_TERM + "; but ops.MaxPoolGather called "
        "directly on float32 returns float64"),
    "ops.conv.x_first_arg_max__mutmut_3": (
        "np.zeros(out.shape, dtype=None)", "equivalent: the arg-max positions counted in float64 "
        "(small integers, exact) and compared with == q: the same positions"),
    "ops.conv.x_first_arg_max__mutmut_5": (
        "np.zeros(out.shape, )", "equivalent: the arg-max positions counted in float64 (small "
        "integers, exact) and compared with == q: the same positions"),
    "ops.conv.xǁMaxPoolScatterǁforward__mutmut_26": (
        "np.empty(arg.shape, dtype=None)", "equivalent: the 0/1 mask held as float64: dY·mask is "
        "dY or 0 exactly, written or added into the buffer in dY's dtype; " + DOUBLE_ROUNDING),
    "ops.conv.xǁMaxPoolScatterǁforward__mutmut_28": (
        "np.empty(arg.shape, )", "equivalent: the 0/1 mask held as float64: dY·mask is dY or 0 "
        "exactly, written or added into the buffer in dY's dtype; " + DOUBLE_ROUNDING),
    "ops.conv.xǁConv2dǁbackward__mutmut_42": (
        "needs_b or db is None", "equivalent: it adds only a bias gradient for a bias that needs "
        "none (or for no bias, where it is not returned), which the engine drops"),
    "ops.conv.xǁConv2dǁbackward__mutmut_36": (
        "db = None", "open: db from dY's row sums instead of the ones row's column of the dW "
        "product: the same sum in another order (the last bits may differ)"),
    "ops.conv.xǁConv2dǁbackward__mutmut_37": (
        "and False else None", "open: db from dY's row sums instead of the ones row's column of "
        "the dW product: the same sum in another order (the last bits may differ)"),
    "ops.conv.x_filter_gradient__mutmut_4": (
        "rows / fn <= 1024", "open: large filters also take the per-image products: the same "
        "sums in another order (the last bits may differ)"),
    "ops.conv.x_filter_gradient__mutmut_5": (
        "rows * fn < 1024", "open: at exactly 1024 filter entries dW takes the other product: "
        "the same sums in another order (the last bits may differ)"),
    "ops.conv.x_filter_gradient__mutmut_6": (
        "rows * fn <= 1025", "open: at exactly 1025 filter entries dW takes the per-image "
        "products: the same sums in another order (the last bits may differ)"),
    "ops.conv.x_output_size__mutmut_11": (
        "in_shape[+2:]", "equivalent: every caller passes a checked 4-D (N, C, H, W) shape, where "
        "[2:] and [-2:] are the same two axes"),
    "ops.conv.xǁConv2dǁbackward__mutmut_49": (
        "dual.is_array(None)", "equivalent: always a new array for Wᵀ·dY instead of the columns' "
        "released memory: memory only, same numbers"),
    "ops.conv.xǁConv2dǁbackward__mutmut_51": (
        "cols.dtype != dy.dtype", "equivalent: both branches compute the same product Wᵀ·dY in the "
        "columns' dtype; only whether it reuses the columns' memory (never under retain_graph) "
        "changes"),
    "ops.conv.xǁConv2dǁforward__mutmut_20": (
        "b.astype(None)", "equivalent: the float16 bias widened to float64 (exact) is cast to the "
        "float32 filters' dtype before it is used (b[:, None].astype(w_flat.dtype))"),
    "ops.conv.xǁConv2dǁforward__mutmut_67": (
        "b[:, None].astype(None)", "open: a float64 bias column makes the float32 product run in "
        "float64 (more precise, then rounded to float32): the last bits may differ"),
    "ops.conv.xǁ_PoolGeometryǁtiles__mutmut_4": (
        "o / k == p", "equivalent: o / k == p only when k = 1 and o = p, where o * k == p too; "
        "otherwise it only adds a zero fill before every pixel is written: same numbers"),
    # --- ops/einsum.py -------------------------------------------------------------------------
    "ops.einsum.x__operand_gradient__mutmut_7": (
        '"XXXX".join', "equivalent: 'X' only joins the letters already used, so fresh letters "
        "skip it; any unused letter works"),
    "ops.einsum.x__operand_gradient__mutmut_60": (
        "len(kept) <= len(target)", "equivalent: when nothing was summed away the reshape and "
        "broadcast are to the operand's own shape: no-ops"),
    "ops.einsum.x__operand_gradient__mutmut_12": (
        "letter not in target", "open: every letter is tied to a fresh copy by an identity matrix: "
        "the same sums with extra exact factors, in another order (last bits may differ)"),
    "ops.einsum.x__operand_gradient__mutmut_18": (
        "dtype=None)", "open: a float64 identity makes np.einsum sum float32 terms in float64; "
        "with only dz and the identity each element has one term (exact), and with 3+ operands "
        "the optimized path gave identical bits in every case tried, but that is not a proof"),
    "ops.einsum.x__operand_gradient__mutmut_20": (
        "np.eye(shape[position], )", "open: a float64 identity makes np.einsum sum float32 terms "
        "in float64; identical bits in every case tried (see mutmut_18), not proven"),
    "ops.einsum.x_explicit_subscripts__mutmut_20": (
        "or True", "equivalent: for a term without '...' len(shape) - len(term) is 0 when valid, "
        "and an invalid term is refused by the length check below with the same message"),
    # --- ops/loss.py ---------------------------------------------------------------------------
    "ops.loss.xǁSoftmaxCrossEntropyǁgraph_saved__mutmut_4": (
        "LogSoftmax.apply(inputs[0], )", "equivalent: cross_entropy takes (N, K) logits only, "
        "where the default axis -1 is axis 1"),
    "ops.loss.x__checked_axis__mutmut_7": (
        "or True", "equivalent: for a 0-d x, () instead of None: np.max / np.sum over axis=() of a "
        "0-d array are that number, as over axis=None"),
    "ops.loss.xǁLogSoftmaxǁforward__mutmut_3": (
        "exp=None)", "equivalent: exp is only tested for truth (np.exp(y) if exp else y)"),
    # --- ops/transposed_conv.py ----------------------------------------------------------------
    "ops.transposed_conv.x__check__mutmut_12": (
        'and False else b', "equivalent: np.shape of a Tensor is its shape (Tensor has "
        "__array__, also with requires_grad), so the bias's shape is read the same"),
    "ops.transposed_conv.x__check__mutmut_14": (
        'hasattr(None, "_data")', "equivalent: np.shape of a Tensor is its shape (Tensor has "
        "__array__, also with requires_grad), so the bias's shape is read the same"),
    "ops.transposed_conv.x__check__mutmut_18": (
        '"XX_dataXX"', "equivalent: np.shape of a Tensor is its shape (Tensor has "
        "__array__, also with requires_grad), so the bias's shape is read the same"),
    "ops.transposed_conv.x__check__mutmut_19": (
        '"_DATA"', "equivalent: np.shape of a Tensor is its shape (Tensor has "
        "__array__, also with requires_grad), so the bias's shape is read the same"),
    # --- testing.py ----------------------------------------------------------------------------
    "testing.xǁ_Caseǁprepare__mutmut_11": (
        "model.astype(None)", "equivalent: prepare is only called with float64 or None (skipped), "
        "and Module.astype(None) converts to np.dtype(None), float64"),
    "testing.xǁ_Caseǁbackward__mutmut_12": (
        "astype(None)", "equivalent: backward(grad) converts the upstream gradient to the "
        "output's dtype itself (Tensor._initial_grad), which astype(out.dtype) did before"),
    "testing.xǁ_Caseǁevaluate__mutmut_3": (
        "or True", "equivalent: evaluate() is never called with leaves"),
    "testing.x__spaced_values__mutmut_13": (
        "np.asarray(order, dtype=None)", "equivalent: the int64 order times the float spacing is "
        "computed in float64 anyway (integers below 2**53 are exact)"),
    "testing.x__spaced_values__mutmut_15": (
        "np.asarray(order, )", "equivalent: the int64 order times the float spacing is computed "
        "in float64 anyway (integers below 2**53 are exact)"),
    "testing.xǁ_Strategiesǁarrays__mutmut_43": (
        ")", "equivalent: width=64 is dropped, and 64 is st.floats' default width"),
    "testing.x_gradgradcheck__mutmut_39": (
        "create_graph=None)", "equivalent: grad() treats create_graph=None like False"),
    "testing.x_gradgradcheck__mutmut_80": (
        "create_graph=None)", "open: measures the slope of the plain gradient instead of the "
        "recorded one; they were just checked equal within tolerance, but their slopes may differ"),
    "testing.x_gradgradcheck__mutmut_84": (
        "create_graph=False)", "open: measures the slope of the plain gradient instead of the "
        "recorded one; they were just checked equal within tolerance, but their slopes may differ"),
    # --- reviewed after the full run at 11de2dc ----------------------------------------------------
    "ops.elementwise.x_as_float__mutmut_4": ('"XXfcXX"', "equivalent: no NumPy dtype has the kind 'X'"),
    "ops.operands.x_lift__mutmut_11": ('"XXbiufXX"', "equivalent: no NumPy dtype has the kind 'X'"),
    "ops.operands.x_lift__mutmut_27": ("or True", "open: Tensor(array) also copies and keeps the "
        "dtype; only the error for a non-numeric array changes (Tensor()'s wording instead of "
        "lift's, both name the dtype and the fix)"),
    "ops.elementwise.xǁPowǁforward__mutmut_8": ('"XXfXX"', "equivalent: for a float x the test "
        "becomes true, but as_float leaves float arrays unchanged"),
    "ops.elementwise.xǁPowǁforward__mutmut_9": ('"F"', "equivalent: for a float x the test "
        "becomes true, but as_float leaves float arrays unchanged"),
    "ops.matmul.xǁMatMulǁbackward__mutmut_55": ('= ""', "equivalent: the value returned for an "
        "input that needs no gradient is dropped by the engine (autograd/engine.py)"),
    "ops.shape.x_sum_to_array__mutmut_28": ("kept, )", "equivalent: summed without keepdims, the "
        "remaining axes keep their order, and the reshape to the target shape gives the same array"),
    "ops.shape.x_sum_to_array__mutmut_32": ("keepdims=False", "equivalent: summed without keepdims, "
        "the remaining axes keep their order, and the reshape to the target shape gives the same "
        "array"),
    "ops.dual.x_apply_op__mutmut_4": ("and False", "equivalent: np.asarray of an ndarray is that "
        "ndarray"),
    "ops.dual.x_apply_op__mutmut_6": ("type(None)", "equivalent: np.asarray of an ndarray is that "
        "ndarray"),
    "ops.dual.x_cast__mutmut_9": ("and False", "equivalent: a cast to the dtype the tensor already "
        "has: one more recorded node, the same numbers and gradients"),
    "ops.dual.x_sum_to__mutmut_6": ("and False", "equivalent: SumTo to the shape the tensor already "
        "has returns its numbers unchanged, and its gradient too"),
    "ops.reduce.xǁMeanǁforward__mutmut_35": ("dtype=None)", "equivalent: np.mean of integers and "
        "bools computes in float64 by itself (numpy/_core/_methods.py, _mean)"),
    "ops.reduce.xǁMeanǁforward__mutmut_39": ("keepdims=self.keepdims, )", "equivalent: np.mean of "
        "integers and bools computes in float64 by itself (numpy/_core/_methods.py, _mean)"),
    "ops.reduce.xǁMeanǁforward__mutmut_44": ("dtype=None)", "equivalent: np.mean of float16 "
        "already sums and divides in float32 (numpy/_core/_methods.py, _mean); other dtypes get "
        "None either way"),
    "ops.reduce.xǁMeanǁforward__mutmut_48": ("keepdims=self.keepdims, )", "equivalent: the same as "
        "dtype=None: np.mean of float16 sums and divides in float32 by itself"),
    # --- ops/half.py -----------------------------------------------------------------------------
    "ops.half.x__sort_keys__mutmut_1": ("negative: bool = False", "equivalent: the default is never "
        "used: every call passes negative"),
    "ops.half.x__sort_keys__mutmut_3": ("if (negative) or True", "equivalent: with negative False "
        "every key is >= 0 as int16, so bits >> 15 is 0 and the flip is bits ^ 0 = bits"),
    "ops.half.x__sort_keys__mutmut_7": ("(bits >> 16)", "equivalent: NumPy's right shift of an int16 "
        "by 15 or by 16 both give its sign extension, 0 or -1"),
    "ops.half.x_relu_float16__mutmut_4": ("(bits + _SIGN) > _INF", "equivalent: uint16 arithmetic is "
        "modulo 2**16, where adding 0x8000 is subtracting 0x8000"),
    "ops.reduce.xǁMeanǁforward__mutmut_49": ("accumulator_dtype(None)", "equivalent: "
        "accumulator_dtype(None) is None, the same as dtype=None (see above)"),
}

# Verdicts for every mutant of a function (name prefix -> verdict), for code mutmut cannot test.
# None now: logical.py's operators are plain functions and tensor_function is tested by installing
# a method at call time (tests/test_tensor_function.py), so their mutants run under the tests.
BY_PREFIX = {}
