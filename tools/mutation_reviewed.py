"""Surviving mutants reviewed by hand (tools/mutation.py reads this file).

mutant name -> (a piece of the mutated line, verdict).  The verdict applies only while the
mutant's new line still contains that piece: when its file changes and mutmut renumbers the
mutants, an outdated entry is ignored and the survivor is reported "open" again.

"equivalent: ..." means no input can make the mutant behave differently from the original, and
says why; only these are left out of the mutation score's denominator.  "rounding: ..." marks a
mutant that computes the same numbers in exact arithmetic (the same sum in another order, or in a
wider dtype) and may differ in the last bits: no test can pin those bits, since the original's own
last bits change with the BLAS kernel (CPU) that computes its products; it still counts against the
score.  "open: ..." explains a survivor that is NOT equivalent and counts against the score.
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

HOOK_ARRAY_DTYPE = ("equivalent: a hook's array or list is made a Tensor in its own dtype and cast to "
                    "the gradient's by the dual.cast right after, instead of converted straight to "
                    "it: NumPy converts each number once either way (Python numbers through float)")
SLAB_AXIS = ("equivalent: a slab cut along the images or along the channels computes the same "
             "numbers (the pooling windows index axes 2 and 3 only); only the memory each thread "
             "walks changes")
POOL_ONLY = ("equivalent: the pool's size or its threads' names change nothing computed: over_rows "
             "cuts the rows into THREADS slabs and waits for all of them whatever the pool holds")
DEAD_ARG_BRANCH = ("equivalent: the arg=None branch is never taken: first_arg_max's one caller, "
                   "MaxPool2d.forward, passes the array to fill (the branch was removed after the "
                   "run as dead code)")
RELU_PATH = ("equivalent: the other path computes the same numbers: dz always has z's shape and dtype "
             "(the engine hands an op the gradient of its output, cast to its dtype), and "
             "positive_float16 is z > 0 for float16, NaN included")
SCATTER_FLOAT_MASK = ("equivalent: a float64 0/1 mask: dy·1 and dy·0 are exactly what the boolean "
                      "mask gives, and += of the float64 product into float16 or float32 rounds "
                      "once, as the same-dtype sum does (double rounding is innocuous: 53 >= 2·24 + 2, "
                      "24 >= 2·11 + 2)")
OBSERVER_NONE = ("equivalent: more gradients go through checked_gradients, which gives the same "
                 "gradients (None for an input that needs none, which the fast path drops too), and "
                 "observe_backward callbacks see None for such an input on both paths (c825ffb)")
F16_NO_NEGATIVE = ("equivalent: with no negative number, bits & 0x7FFFFFFF is bits except for "
                   "-0.0, which is not below float16's normal range either way (checked)")
F16_BOUNDARY = ("equivalent: only magnitudes of 0, 1 or 2 float32 steps, or within two steps of "
                "2**-14, change path (bit rounding instead of NumPy's conversion or back), and both "
                "give the same float16 for them (checked on both signs, alone and among others)")
SUM_ORDER = ("rounding: dW takes the other of its two products (per image or one matrix product): "
             "the same sums in another order, the last bits may differ")
BLOCK_SUM = ("rounding: dW is summed over blocks of images in float64 then cast to float32 by the "
             "engine (one block: exact, the same; several: the last bits may differ)")

BLOCKS_SPLIT = ("rounding: the images are split into other blocks (a block size for 8-byte numbers, or "
                "at least two images): dW's sums over blocks come in another order (last bits)")
FLOAT64_COLUMNS = ("rounding: the column blocks are float64 (exact copies of float32 numbers), so the "
                   "float32 products run in float64 and are rounded once: the last bits may differ")
NEW_ARRAY = ("equivalent: a new array for Wᵀ·dY instead of the columns' released memory: memory "
             "only, the same numbers")
DX_FLOAT64 = ("rounding: dx is summed in float64 and cast to float32 by the engine: overlapping "
              "windows' sums may differ in the last bit (float16: checked equal in tests)")

REBUILT = ("equivalent: backward builds the columns again from the saved images instead of "
           "reusing forward's: the same numbers")
FLOAT64_OUT = ("equivalent: np.matmul of float32 operands into a float64 out runs the float32 loop "
               "and stores its results exactly; the cast back gives the same numbers (checked)")

NO_ONES_WITHOUT_OUT = ("equivalent: no caller asks for the ones row without giving out (conv2d "
                       "passes its block; im2col never asks for the ones row)")

REVIEWED = {
    # --- ops/activations.py -------------------------------------------------------------------
    "ops.activations.xǁELUǁforward__mutmut_22": (
        "np.minimum(x, 1)", "equivalent: for x <= 0 min(x, 1) = min(x, 0) = x; for x > 0 that "
        "branch of np.where is discarded"),
    "ops.activations.xǁELUǁbackward__mutmut_3": (
        ".astype(None)", "equivalent: the mask is 0/1, every product but dz·(z + α) is exact, and "
        "that one, a product of two numbers of the input's dtype, is exact in float64 and rounded "
        "once by the engine's cast, as the original rounds it once"),
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
        "range(41, 0, -1)", "rounding: one more level of the continued fraction; in exact "
        "arithmetic it changes the fraction by 9.5e-20 of itself at t = 3, where it converges "
        "slowest (fractions.Fraction), 1/1000 of float64's resolution; identical float64 results "
        "on 8 million points of [3, 6.5] (the 4 million floats just above 3 among them), but a last "
        "bit could still round differently"),
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
        "db = None", "rounding: db from dY's row sums instead of the ones row's column of the dW "
        "product: the same sum in another order (the last bits may differ)"),
    "ops.conv.xǁConv2dǁbackward__mutmut_37": (
        "and False else None", "rounding: db from dY's row sums instead of the ones row's column of "
        "the dW product: the same sum in another order (the last bits may differ)"),
    "ops.conv.x_filter_gradient__mutmut_4": (
        "rows / fn <= 1024", "rounding: large filters also take the per-image products: the same "
        "sums in another order (the last bits may differ)"),
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
        "letter not in target", "rounding: every letter is tied to a fresh copy by an identity matrix: "
        "the same sums with extra exact factors, in another order (last bits may differ)"),
    "ops.einsum.x__operand_gradient__mutmut_18": (
        "dtype=None)", "rounding: a float64 identity makes np.einsum sum float32 terms in float64; "
        "with only dz and the identity each element has one term (exact), and with 3+ operands "
        "the optimized path gave identical bits in every case tried, but that is not a proof"),
    "ops.einsum.x__operand_gradient__mutmut_20": (
        "np.eye(shape[position], )", "rounding: a float64 identity makes np.einsum sum float32 terms "
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
    "testing.x_gradgradcheck__mutmut_112": (
        "first_projected(None)", "equivalent: create_graph=None and False are only ever read for "
        "their truth value (tensor.grad, run_backward, the engine's grad_enabled switch), so the "
        "same plain backward runs"),
    "testing.x_gradgradcheck__mutmut_39": (
        "create_graph=None)", "equivalent: grad() treats create_graph=None like False"),
    "testing.x_gradgradcheck__mutmut_27": (
        "default_rng(seed + 2)", "open: u, the weights of the second-derivative check, come from "
        "another fixed seed (still reproducible and independent of v); no document says which"),
    "testing.x_example_cases__mutmut_4": (
        "high=3.0", "open: the CLI's example inputs drawn from [-2, 3) instead of [-2, 2): "
        "still valid for every op (log, sqrt and divisors have their own ranges), none documented"),
    "testing.x_example_cases__mutmut_12": (
        "/ 0.1 - 1.0", "open: the distinct values for max, max-pool and relu 10 apart instead of "
        "0.1: still distinct, relu still on both sides of 0 and away from it; no range documented"),
    "testing.x_example_cases__mutmut_17": (
        "* 1.1 - 1.0", "open: the distinct values for max, max-pool and relu 1.1 apart instead "
        "of 0.1: still distinct, relu still on both sides of 0 and away from it"),
    "testing.x_example_cases__mutmut_22": (
        "np.array([0, 3, 1])", "open: other valid labels for the cross-entropy example, still one "
        "class of the four per row and no two rows alike, which is what "
        "test_testing_survivors.py's row-mixing test needs"),
    # --- reviewed after the full run at 11de2dc ----------------------------------------------------
    "ops.elementwise.x_as_float__mutmut_4": ('"XXfcXX"', "equivalent: no NumPy dtype has the kind 'X'"),
    "ops.operands.x_lift__mutmut_11": ('"XXbiufXX"', "equivalent: no NumPy dtype has the kind 'X'"),
    "ops.operands.x_lift__mutmut_27": ("or True", "open: Tensor(array) also copies and keeps the "
        "dtype; only the error for a non-numeric array changes (Tensor()'s wording instead of "
        "lift's) — since cc51826 this is the code (Tensor()'s message is the clearer one), so the "
        "mutant is gone from later runs"),
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
    # --- autograd/engine.py, autograd/graph.py (run at 6eda263) ---------------------------------
    "autograd.engine.x_run_backward__mutmut_33": ("capture, None)", "equivalent: _Walk stores "
        "keep_values, but nothing reads walk.keep_values (run_backward uses its own variable)"),
    "autograd.engine.x__walk_nodes__mutmut_4": ("walk.capture is None or", "equivalent: store() "
        "is then called for every intermediate too, and returns at once for one that retains no "
        "gradient (with no capture nothing else changes)"),
    "autograd.engine.x__walk_nodes__mutmut_67": ("plain = None", "equivalent: None is falsy like "
        "False: the same branch is taken"),
    "autograd.engine.x__walk_nodes__mutmut_90": ("big_input = None", "equivalent: None is falsy "
        "like False"),
    "autograd.engine.x__walk_nodes__mutmut_91": ("big_input = True", "equivalent: every op goes "
        "to release_values, which itself skips inputs of 16 numbers or fewer"),
    "autograd.engine.x__walk_nodes__mutmut_110": (">= _KEEP_VALUES_UP_TO", "equivalent: an op "
        "whose largest input has exactly 16 numbers goes to release_values, which skips it"),
    "autograd.engine.x__accumulate__mutmut_20": ("owned.add(None)", "equivalent: the sum is not "
        "marked as our buffer, so the next gradient makes a new sum instead of adding in place: "
        "memory only"),
    "autograd.engine.xǁ_Walkǁown__mutmut_2": ("if id(g) not in self.handed", "equivalent: under "
        "create_graph every stored gradient becomes g * 1.0: one more recorded node, the same "
        "numbers and gradients"),
    "autograd.engine.xǁ_Walkǁown__mutmut_4": ("g = g / 1.0", "equivalent: g / 1.0 is g exactly, "
        "and its derivative 1/1.0 is 1"),
    "autograd.engine.xǁ_Walkǁown__mutmut_6": ("self.handed[id(g)] = None", "equivalent: handed "
        "no longer keeps g alive, so its id may be reused: at most one needless copy"),
    "autograd.engine.xǁ_Walkǁown__mutmut_8": ("type(None) is not np.ndarray", "equivalent: every "
        "gradient is copied by np.array: memory only, the same numbers"),
    "autograd.engine.xǁ_Walkǁown__mutmut_13": ("(g.base is None) and False", "equivalent: "
        "memory_root of an array without a base is the array itself"),
    "autograd.engine.xǁ_Walkǁown__mutmut_20": ("id(root) not in self.handed", "equivalent: every "
        "new gradient is copied (a fresh copy is never handed again): memory only"),
    "autograd.engine.xǁ_Walkǁown__mutmut_25": ("root = None", "equivalent: a fresh copy's memory "
        "cannot be shared by any later gradient, so not recording it changes nothing"),
    "autograd.engine.xǁ_Walkǁown__mutmut_26": ("self.handed[id(root)] = None", "equivalent: every "
        "handed root stays alive during the walk (a .grad or capture holds it), so its id is not "
        "reused"),
    "autograd.engine.xǁ_Walkǁreport__mutmut_3": ("(ig is None) and False", "equivalent: "
        "dual.raw(None) is None (None is not a Tensor)"),
    "autograd.engine.x__empty_like__mutmut_2": ("empty = None", "equivalent: a new zero-stride "
        "array per call instead of the cached one: the same shape, dtype and (no) numbers"),
    "autograd.engine.x__empty_like__mutmut_3": ("_EMPTIES.get(None)", "equivalent: a new "
        "zero-stride array per call instead of the cached one: the same shape, dtype and numbers"),
    "autograd.engine.x__empty_like__mutmut_5": ("len(_EMPTIES) > 1024", "equivalent: the cache is "
        "cleared one entry later: memory only"),
    "autograd.engine.x__empty_like__mutmut_6": (">= 1025", "equivalent: the cache is cleared one "
        "entry later: memory only"),
    "autograd.engine.x_checked_gradients__mutmut_4": ("if graph and type(local)", "equivalent: "
        "the general loop below gives the same tuple as _broadcasts_summed_back (which gives up "
        "on Tensors anyway)"),
    "autograd.engine.x_checked_gradients__mutmut_5": ("type(None) is tuple", "equivalent: the "
        "general loop below gives the same tuple"),
    "autograd.engine.x_checked_gradients__mutmut_8": ("summed = None", "equivalent: the general "
        "loop below gives the same tuple"),
    "autograd.engine.x__broadcasts_summed_back__mutmut_2": ("out_shape = None", "equivalent: a "
        "shape that differs then always gives up (None), and the general loop sums it back the "
        "same way"),
    "autograd.engine.x__broadcasts_summed_back__mutmut_13": ("type(None) is not np.ndarray",
        "equivalent: it always gives up (None) and the general loop gives the same tuple"),
    "autograd.engine.x__check_gradient_dtype__mutmut_12": ("got.itemsize > expected.itemsize",
        "equivalent: it runs only when the dtypes differ, and two different NumPy float dtypes "
        "never have the same itemsize"),
    "autograd.engine.x__as_gradient__mutmut_3": ("type(None) is not np.ndarray", "equivalent: "
        "np.asarray of an ndarray is that ndarray"),
    "autograd.engine.x__as_gradient__mutmut_9": ('"XXbiufXX"', "equivalent: no NumPy dtype has "
        "the kind 'X'"),
    "autograd.engine.x__summed_back__mutmut_7": ("(type(ig) is np.ndarray) and False",
        "equivalent: dual.sum_to of an array calls sum_to_array"),
    "autograd.engine.x__summed_back__mutmut_13": ("type(None) is np.ndarray", "equivalent: "
        "dual.sum_to of an array calls sum_to_array"),
    "autograd.graph.x_topological_order__mutmut_1": ("only_requiring_grad: bool = False",
        "equivalent: the callers using the default (backward, gradcheck's op names) then also see "
        "tensors that need no gradient: backward finds no gradient for them and skips them, and "
        "op_names lists only ops reached from the input"),
    "autograd.graph.x_topological_order__mutmut_16": ("break", "equivalent: dead line: a visited "
        "tensor is also expanded, so the branch above has already continued"),
    "autograd.graph.x_topological_order__mutmut_28": ("or id(t) not in expanded", "equivalent: "
        "constants enter backward's order (no gradient reaches them: skipped), and tensors already "
        "expanded are pushed again and skipped when popped"),
    "autograd.graph.x_topological_order__mutmut_31": ("id(None) not in expanded", "equivalent: "
        "an expanded tensor pushed again is already finished (a graph has no cycle) and is "
        "skipped when popped"),
    "autograd.graph.x_topological_order__mutmut_5": ("[::+1]", "open: several roots are walked "
        "in the other order: still a valid order, but gradients from several outputs may be "
        "summed in another order (last bits), and ONNX lists the nodes in another order"),
    "autograd.graph.x_nearest_ops__mutmut_3": ("{id(None) for t in roots}", "equivalent: a root "
        "met again as an input is queued again, and its op, already selected, is skipped"),
    "autograd.graph.x_nearest_ops__mutmut_11": ("id(None) in selected", "equivalent: an op met "
        "again (only through a freed graph's stand-in) is stored again under the same key; its "
        "inputs are already seen"),
    "autograd.graph.x_nearest_ops__mutmut_14": ("selected[id(fn)] = None", "equivalent: the only "
        "caller (viz/draw.py) reads the keys (op ids) only"),
    "autograd.graph.x_nearest_ops__mutmut_16": ("if id(None) not in seen", "equivalent: tensors "
        "are queued again, and their op, already selected, is skipped: the same ops in the same "
        "order"),
    "autograd.graph.x_nearest_ops__mutmut_18": ("seen.add(None)", "equivalent: tensors are "
        "queued again, and their op, already selected, is skipped"),
    "autograd.graph.x_nearest_ops__mutmut_19": ("seen.add(id(None))", "equivalent: tensors are "
        "queued again, and their op, already selected, is skipped"),
    "autograd.graph.x_ops_in_order__mutmut_3": ("only_requiring_grad=None", "equivalent: not None "
        "is True, as not False"),
    "autograd.graph.x_ops_in_order__mutmut_6": ("topological_order(roots, within=within)",
        "equivalent: only leaves can need no gradient (an op is recorded only when an input needs "
        "one, and then so does its output), and leaves make no op"),
    "autograd.graph.x_ops_in_order__mutmut_8": ("only_requiring_grad=True", "equivalent: only "
        "leaves can need no gradient, and leaves make no op"),
    "autograd.engine.x__walk_nodes__mutmut_50": ("plain = None", OBSERVER_NONE),
    "autograd.engine.x__walk_nodes__mutmut_52": ("type(None) is tuple", OBSERVER_NONE),
    "autograd.engine.x__walk_nodes__mutmut_59": ("inp.requires_grad or (", OBSERVER_NONE),
    "autograd.engine.x__walk_nodes__mutmut_60": ("if ig is not None or inp.requires_grad",
                                                 OBSERVER_NONE),
    "autograd.engine.xǁ_Walkǁrun_hooks__mutmut_22": (
        "np.asarray(result, dtype=None)", HOOK_ARRAY_DTYPE),
    "autograd.engine.xǁ_Walkǁrun_hooks__mutmut_24": ("np.asarray(result, )", HOOK_ARRAY_DTYPE),
    "autograd.engine.xǁ_Walkǁrun_hooks__mutmut_36": (
        "isinstance(result, self.Tensor)) and False", "equivalent: np.asarray of a Tensor reads its "
        "array through Tensor.__array__, in the gradient's dtype either way: the same numbers, and "
        "a .grad still gets memory of its own (_Walk.own copies what another gradient holds)"),
    "autograd.engine.x__broadcasts_summed_back__mutmut_7": (
        "if ig is None and not inp.requires_grad", "equivalent: an input that needs no gradient "
        "gets the op's (summed) array instead of None, which the walk drops (it accumulates only "
        "for inputs that require grad) and observe_backward masks to None (c825ffb)"),
    # --- ops/fused.py, ops/conv.py (run at cef360f) -----------------------------------------------
    "ops.conv.x_first_arg_max__mutmut_19": ("or not np.isfinite", "equivalent: for an integer image "
        "the sum is an integer, always finite, so has_nan stays False as before"),
    "ops.conv.xǁConv2dǁbackward__mutmut_19": ("needs_w, None)", "equivalent: the columns forward "
        "kept are built again from the saved images: the same numbers"),
    "ops.conv.xǁConv2dǁbackward__mutmut_61": ("(dwb.shape[1] == k) and False", "equivalent: "
        "dwb[:, :k] of a matrix with k columns is the whole matrix"),
    "ops.conv.xǁConv2dǁbackward__mutmut_71": ("needs_b or db is None", "equivalent: it adds only a "
        "bias gradient for a bias that needs none (or for no bias, where it is not returned), which "
        "the engine drops"),
    "ops.conv.x_filter_gradient__mutmut_5": ("rows / fn <= 1024", SUM_ORDER),
    "ops.conv.x_filter_gradient__mutmut_6": ("rows * fn < 1024", SUM_ORDER),
    "ops.conv.x_filter_gradient__mutmut_7": ("rows * fn <= 1025", SUM_ORDER),
    "ops.conv.xǁConv2dǁbackward__mutmut_39": ("dy_flat, None)", SUM_ORDER),
    "ops.conv.xǁConv2dǁbackward__mutmut_65": ("db = None", "rounding: db from dY's sums instead of "
        "the ones row's column of the dW product: the same sum in another order (last bits)"),
    "ops.conv.xǁConv2dǁbackward__mutmut_66": ("and False else None", "rounding: db from dY's sums "
        "instead of the ones row's column of the dW product: the same sum in another order"),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_15": ("dtype=None)", BLOCK_SUM),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_17": ("np.zeros((fn, rows), )", BLOCK_SUM),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_18": ("result_type(None, dy)", BLOCK_SUM),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_19": ("result_type(x, None)", BLOCK_SUM),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_20": ("result_type(dy)", "rounding: float16 "
        "images' dW is summed over blocks of images in float16 instead of float32 (one block: the "
        "same single rounding; several: the last bits differ)"),
    "ops.conv.x_column_blocks__mutmut_17": ("max(n, 2) if", "equivalent: the step is capped at "
        "max(n, 1) two lines below"),
    "ops.conv.x_column_blocks__mutmut_35": ("min(step, max(n, 2))", "equivalent: differs only for "
        "n <= 1, where a step of 2 still covers the one image (or none): a larger scratch only"),
    "ops.conv.x_column_blocks__mutmut_6": ("max(2, rows", "equivalent: differs only when one "
        "image's columns hold 0 bytes, where any positive number just avoids dividing by zero"),
    "ops.conv.x_column_blocks__mutmut_24": ("2, COLUMN_BLOCK_BYTES", BLOCKS_SPLIT),
    "ops.conv.x_column_blocks__mutmut_9": ("np.dtype(None).itemsize", BLOCKS_SPLIT),
    "ops.conv.x_column_blocks__mutmut_38": ("dtype=None)", FLOAT64_COLUMNS),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_69": ("per_image, None)", FLOAT64_COLUMNS),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_102": ("dy_block, None)", SUM_ORDER),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_110": ("out=None)", NEW_ARRAY),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_113": (")", NEW_ARRAY),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_114": ("and False else None", NEW_ARRAY),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_54": ("reuse = None", NEW_ARRAY),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_56": ("columns_kept or GraphState", NEW_ARRAY),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_29": ("(needs_x) or True", "equivalent: an "
        "image gradient buffer is also made when no image gradient is needed, and not used: "
        "memory only"),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_82": ("reshape((fn, -2))", "equivalent: NumPy "
        "infers the size for any negative value"),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_22": ("dx_dtype = None", DX_FLOAT64),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_23": ("result_type(None, dy)", DX_FLOAT64),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_24": ("result_type(w_flat, None)", DX_FLOAT64),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_39": ("dtype=None).transpose", DX_FLOAT64),
    "ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_41": (").transpose(1, 0, 2, 3) if needs_x",
                                                       DX_FLOAT64),
    "ops.conv.xǁConv2dǁforward__mutmut_106": ("self.save(x, w_flat, )", REBUILT),
    "ops.conv.xǁConv2dǁforward__mutmut_107": ("== out.shape[1]) and False", REBUILT),
    "ops.conv.xǁConv2dǁforward__mutmut_109": ("part.stop + part.start", "equivalent: after the "
        "loop part is the last block, which ends at the total, so stop + start equals the total "
        "only when start is 0 (one block), exactly when stop - start does"),
    "ops.conv.xǁConv2dǁforward__mutmut_44": ("w.reshape(fn, -2)", "equivalent: NumPy infers the "
        "size for any negative value"),
    "ops.conv.xǁConv2dǁforward__mutmut_53": ("b[:, None].astype(None)", "rounding: a float64 bias "
        "column makes the float32 product run in float64 (rounded once to float32): the last bits "
        "may differ"),
    "ops.conv.xǁConv2dǁforward__mutmut_62": ("dtype=None)", FLOAT64_OUT),
    "ops.conv.xǁConv2dǁforward__mutmut_64": ("per_image), )", FLOAT64_OUT),
    "ops.conv.xǁConv2dǁforward__mutmut_67": ("result_type(None, x)", FLOAT64_OUT),
    "ops.conv.xǁConv2dǁforward__mutmut_68": ("result_type(w_mat, None)", FLOAT64_OUT),
    "ops.conv.xǁConv2dǁforward__mutmut_74": ("per_image, None)", FLOAT64_COLUMNS),
    "ops.conv.x_columns__mutmut_15": ("rows - bool(ones_row)", NO_ONES_WITHOUT_OUT),
    "ops.conv.x_columns__mutmut_16": ("bool(None)", NO_ONES_WITHOUT_OUT),
    "ops.conv.x_shifted_columns__mutmut_71": ("slice(None, min(pw - j, w))", "equivalent: a slice "
        "from None starts at 0"),
    "ops.conv.x_shifted_columns__mutmut_73": ("slice(min(pw - j, w))", "equivalent: slice(stop) "
        "is slice(0, stop)"),
    "ops.conv.x_shifted_columns__mutmut_81": ("if j <= pw else", "equivalent: for j == pw the "
        "wrapped slice is not used (the zeroing below runs only when j != pw)"),
    "ops.conv.x_shifted_columns__mutmut_83": ("(j - pw), 0), None)", "equivalent: the axis is OW "
        "long and OW = W on this path, so ending at None or at w is the same"),
    # --- nn, reviewed in session 6 (n1_module_hooks) ---
    'nn.hooks.x__gate__mutmut_11': (
        't.reshape(-2)',
        "equivalent: NumPy's reshape infers the size for any negative entry (-2 as -1, checked on"
        ' NumPy 2.4), so each input becomes the same 1-D view'),
    'nn.hooks.x__gate__mutmut_61': (
        'n.reshape(-2)',
        "equivalent: NumPy's reshape infers the size for any negative entry (-2 as -1, checked on"
        ' NumPy 2.4), so each returned gradient becomes the same 1-D view'),
    'nn.hooks.xǁ_BackwardGateǁ__init____mutmut_2': (
        'self.grad_output = ""',
        'equivalent: grad_output is read only in call_hooks as `self.grad_output or (None,)`, and'
        ' "" is falsy like None'),
    'nn.hooks.xǁ_BackwardGateǁ__init____mutmut_3': (
        'self.input_slots = None',
        'equivalent: call_with_hooks calls wrap_inputs right after building the gate, and '
        'wrap_inputs assigns input_slots before anything reads it'),
    'nn.hooks.xǁ_BackwardGateǁ__init____mutmut_4': (
        'self.gated_inputs = None',
        'equivalent: gated_inputs is read only as `not self.gated_inputs`, and None is falsy like'
        ' False'),
    'nn.module.x__cast_checked__mutmut_27': (
        'elif dtype.kind in "XXiuXX":',
        'equivalent: dtype.kind is one character and no NumPy dtype kind is \'X\', so `in "XXiuXX"`'
        ' is `in "iu"`'),
    'nn.module.xǁModuleǁ_has_hooks__mutmut_6': (
        'return bool(self.__dict__.get("_forward_hooks") or self.__dict__.get(None))',
        'equivalent: _has_hooks is asked only by models._fusable, after `not is_grad_enabled()`; '
        'under no_grad a backward hook never runs (call_with_hooks builds its gate only when grad'
        " is enabled) and the fused step gives exactly the same numbers (F.conv_relu_max_pool2d's"
        ' promise, tests/test_fused_inference.py)'),
    'nn.module.xǁModuleǁ_has_hooks__mutmut_7': (
        'return bool(self.__dict__.get("_forward_hooks") or self.__dict__.get("XX_backward_hooksXX"))',
        'equivalent: _has_hooks is asked only by models._fusable, after `not is_grad_enabled()`; '
        'under no_grad a backward hook never runs (call_with_hooks builds its gate only when grad'
        " is enabled) and the fused step gives exactly the same numbers (F.conv_relu_max_pool2d's"
        ' promise, tests/test_fused_inference.py)'),
    'nn.module.xǁModuleǁ_has_hooks__mutmut_8': (
        'return bool(self.__dict__.get("_forward_hooks") or self.__dict__.get("_BACKWARD_HOOKS"))',
        'equivalent: _has_hooks is asked only by models._fusable, after `not is_grad_enabled()`; '
        'under no_grad a backward hook never runs (call_with_hooks builds its gate only when grad'
        " is enabled) and the fused step gives exactly the same numbers (F.conv_relu_max_pool2d's"
        ' promise, tests/test_fused_inference.py)'),
    'nn.module.xǁModuleǁ_state_targets__mutmut_7': (
        'targets[f"{module_name}.{name}" if module_name else name] = ("XXbufferXX", (module, name), b)',
        'equivalent: the kind is compared only with "param" (load_state_dict) and load ignores '
        'it, so any other word means buffer'),
    'nn.module.xǁModuleǁ_state_targets__mutmut_8': (
        'targets[f"{module_name}.{name}" if module_name else name] = ("BUFFER", (module, name), b)',
        'equivalent: the kind is compared only with "param" (load_state_dict) and load ignores '
        'it, so any other word means buffer'),
    'nn.module.xǁModuleǁeval__mutmut_1': (
        'return self.train(None)',
        'equivalent: train stores bool(mode), and bool(None) is False'),
    'nn.module.xǁModuleǁload__mutmut_5': (
        'strict=strict), strict=None',
        'equivalent: load_npz(strict=True) already refuses unknown and missing names, so the '
        "state handed on has exactly the model's keys and load_state_dict's strict check finds "
        'nothing either way; with strict=False both skip'),
    'nn.module.xǁModuleǁload_state_dict__mutmut_25': (
        'if array.dtype.kind not in "XXbiufXX":',
        "equivalent: dtype.kind is one character and no NumPy dtype kind is 'X', so `not in "
        '"XXbiufXX"` is `not in "biuf"`'),
    'nn.module.xǁModuleǁload_state_dict__mutmut_46': (
        'module._buffers[name] = array.astype(current.dtype, copy=None)',
        "equivalent: `array` is already a fresh array (_cast_checked's astype always copies) that"
        ' nothing else holds, so copy=None stores the same numbers, shared with no one'),
    'nn.module.xǁModuleǁload_state_dict__mutmut_48': (
        'module._buffers[name] = array.astype(current.dtype, )',
        "equivalent: astype's default is copy=True, the same call"),
    'nn.module.xǁModuleǁload_state_dict__mutmut_49': (
        'module._buffers[name] = array.astype(current.dtype, copy=False)',
        "equivalent: `array` is already a fresh array of the buffer's dtype (_cast_checked's "
        'astype always copies) that nothing else holds, so copy=False stores the same numbers, '
        'shared with no one'),
    'nn.module.xǁModuleǁstate_dict__mutmut_7': (
        'state.update((name, np.array(b, )) for name, b in self.named_buffers())',
        "equivalent: np.array's default is copy=True, the same call"),
    # --- nn, reviewed in session 6 (n2_layers_init) ---
    'nn.layers.xǁConv2dǁ__init____mutmut_5': (
        'eight_init="HE", rng=Non',
        'equivalent: the default weight_init is only handed to init.initial_weight, which looks a'
        ' name up lowercased (init_std: ACTIVATION_INITS.get(weight_init.lower())), so "HE" gives'
        ' the same He weights; it is neither stored nor printed (only inspect.signature / help() '
        'shows the spelling)'),
    'nn.layers.xǁConvTranspose2dǁ__init____mutmut_6': (
        'eight_init="HE", rng=Non',
        'equivalent: the default weight_init is only handed to init.initial_weight, which looks a'
        ' name up lowercased (init_std: ACTIVATION_INITS.get(weight_init.lower())), so "HE" gives'
        ' the same He weights; it is neither stored nor printed (only inspect.signature / help() '
        'shows the spelling)'),
    'nn.layers.xǁLinearǁ__init____mutmut_3': (
        'eight_init="HE", rng=Non',
        'equivalent: the default weight_init is only handed to init.initial_weight, which looks a'
        ' name up lowercased (init_std: ACTIVATION_INITS.get(weight_init.lower())), so "HE" gives'
        ' the same He weights; it is neither stored nor printed (only inspect.signature / help() '
        'shows the spelling)'),
    'nn.layers.xǁ_Activationǁ__init____mutmut_8': (
        'or(np.zeros(2)), **optio',
        "equivalent: the probe's output is thrown away, and every check it triggers (slope, "
        'alpha, beta, approximate, an unknown keyword) looks at the options only, never at the '
        'length of the zero input'),
    'nn.layers.xǁ_Activationǁextra_repr__mutmut_2': (
        'return "XX, XX".join',
        'equivalent: the separator appears only between two options, and no activation layer '
        'holds more than one (LeakyReLU slope, ELU alpha, GELU approximate, Softplus beta; SiLU '
        'and LogSigmoid refuse any keyword in the probe)'),
    # --- nn, reviewed in session 6 (n3_functional_optim) ---
    'nn.functional.x_check_labels__mutmut_20': (
        'dtype, copy=None)',
        'equivalent: copying only: the one caller, cross_entropy, hands the array to '
        'SoftmaxCrossEntropy, which copies it (np.array(labels), ops/loss.py); same numbers'),
    'nn.functional.x_check_labels__mutmut_22': (
        'type(dtype, )',
        'equivalent: copying only: the one caller, cross_entropy, hands the array to '
        'SoftmaxCrossEntropy, which copies it (np.array(labels), ops/loss.py); same numbers'),
    'nn.functional.x_check_labels__mutmut_23': (
        'dtype, copy=True)',
        'equivalent: copying only: the one caller, cross_entropy, hands the array to '
        'SoftmaxCrossEntropy, which copies it (np.array(labels), ops/loss.py); same numbers'),
    'nn.functional.x_check_labels__mutmut_48': (
        '.intp, copy=None)',
        'equivalent: copying only: the one caller, cross_entropy, hands the array to '
        'SoftmaxCrossEntropy, which copies it (np.array(labels), ops/loss.py); same numbers'),
    'nn.functional.x_check_labels__mutmut_50': (
        'pe(np.intp, )',
        'equivalent: copying only: the one caller, cross_entropy, hands the array to '
        'SoftmaxCrossEntropy, which copies it (np.array(labels), ops/loss.py); same numbers'),
    'nn.functional.x_check_labels__mutmut_51': (
        '.intp, copy=True)',
        'equivalent: copying only: the one caller, cross_entropy, hands the array to '
        'SoftmaxCrossEntropy, which copies it (np.array(labels), ops/loss.py); same numbers'),
    'nn.functional.x_check_labels__mutmut_7': (
        'ind not in "XXbiufXX":',
        "equivalent: dtype.kind is one character and 'X' is no NumPy kind, so membership in "
        '"XXbiufXX" is membership in "biuf"'),
    'nn.functional.x_dropout__mutmut_15': (
        'rng(rng) if (not isinstance(rn',
        "equivalent: np.random.default_rng(g) returns the Generator g itself (NumPy: 'returned "
        "unaltered'), so both branches give the same object"),
    'nn.optim.xǁOptimizerǁload_state_dict__mutmut_20': (
        'ind not in "XXbiufXX":',
        "equivalent: dtype.kind is one character and 'X' is no NumPy kind, so membership in "
        '"XXbiufXX" is membership in "biuf"'),
    # --- nn, reviewed in session 6 (n4_npz) ---
    'nn.npz.x__check_headers__mutmut_11': (
        '"XXbiufXX"',
        "equivalent: dtype.kind is always one character and no NumPy dtype has kind 'X' (kinds "
        'are b i u f c m M O S U V T), so `kind not in "XXbiufXX"` is `kind not in "biuf"` for '
        'every dtype'),
    'nn.npz.x__read_array__mutmut_16': (
        'cast("b")',
        'equivalent: the view is only the writable buffer readinto fills; ZipExtFile has no '
        'readinto of its own and io.BufferedIOBase.readinto copies the raw bytes of read(n) into '
        "any writable buffer whatever its format ('b' or 'B' have the same length and bytes), so "
        'the array holds the same bytes (checked: every dtype round-trips under the mutant)'),
    'nn.npz.x__read_array__mutmut_24': (
        'filled + (2 << 20)',
        'equivalent: the array is filled with the same bytes in pieces of 2 MiB instead of 1 MiB;'
        ' every file gives the same arrays and the same errors (only the size of a temporary '
        'bytes object inside readinto differs)'),
    'nn.npz.x__read_array__mutmut_25': (
        'filled + (1 << 21)',
        'equivalent: 1 << 21 is 2 MiB: the array is filled with the same bytes in pieces of 2 MiB'
        ' instead of 1 MiB; every file gives the same arrays and the same errors (only the size '
        'of a temporary bytes object inside readinto differs)'),
    'nn.npz.x__read_array__mutmut_29': (
        'member.read(None)',
        "equivalent: _check_headers made offset + nbytes equal the zip directory's file_size, and"
        ' zipfile.ZipExtFile never returns more than file_size bytes (it cuts at _left and sets '
        '_eof), so after the loop the member is at its end and read(None) and read(1) both return'
        " b''"),
    'nn.npz.x__read_array__mutmut_30': (
        'member.read(2)',
        "equivalent: _check_headers made offset + nbytes equal the zip directory's file_size, and"
        ' zipfile.ZipExtFile never returns more than file_size bytes (it cuts at _left and sets '
        '_eof), so after the loop the member is at its end and read(2) and read(1) both return '
        "b''"),
    'nn.npz.x__read_array__mutmut_38': (
        'order="f"',
        "equivalent: NumPy's order argument takes 'f' as 'F' (NumPy's order converter is "
        'case-insensitive in 1.x and 2.x, checked on 2.4), so the reshape is the same '
        'Fortran-order one (checked: the transposed array round-trips under the mutant)'),
    'nn.npz.x__read_array__mutmut_40': (
        'else "c"',
        "equivalent: NumPy's order argument takes 'c' as 'C' (NumPy's order converter is "
        'case-insensitive in 1.x and 2.x, checked on 2.4), so the reshape is the same C-order one'),
    # --- ops run 91c3b62 (session 6) ------------------------------------------------------------
    "ops.fused.x_float16_values__mutmut_7": ("low > +_ROUNDS_TO_INF", "equivalent: every array then "
        "takes NumPy's own float32 -> float16 -> float32 conversion, the reference the bit path "
        "reproduces"),
    "ops.fused.x_float16_values__mutmut_13": ("y.reshape(None)", "equivalent: reshape(None) keeps "
        "y's shape; every later step is element-wise and the subnormal positions are flat indices "
        "used on y.reshape(-1)"),
    "ops.conv.x_first_arg_max__mutmut_2": ('arg = None', DEAD_ARG_BRANCH),
    "ops.conv.x_first_arg_max__mutmut_3": ('np.empty(None', DEAD_ARG_BRANCH),
    "ops.conv.x_first_arg_max__mutmut_4": ('np.empty(out.shape, dtype=None)', DEAD_ARG_BRANCH),
    "ops.conv.x_first_arg_max__mutmut_5": ('np.empty(dtype=', DEAD_ARG_BRANCH),
    "ops.conv.x_first_arg_max__mutmut_6": ('np.empty(out.shape, )', DEAD_ARG_BRANCH),
    "ops.conv.x_first_arg_max__mutmut_7": ('and False', DEAD_ARG_BRANCH),
    "ops.conv.x_first_arg_max__mutmut_8": ('or True', DEAD_ARG_BRANCH),
    "ops.conv.x_first_arg_max__mutmut_9": ('len(windows) <= 256', DEAD_ARG_BRANCH),
    "ops.conv.x_first_arg_max__mutmut_10": ('len(windows) < 257', DEAD_ARG_BRANCH),
    "ops.conv.x_first_arg_max__mutmut_22": ('or not np.isfinite', "equivalent: the NaN pass then "
        "runs for every float array, and window == window is True wherever a window holds no NaN, so "
        "it changes nothing there; integer arrays are finite either way"),
    "ops.conv.xǁMaxPoolScatterǁforward__mutmut_36": ("dtype=None)", SCATTER_FLOAT_MASK),
    "ops.conv.xǁMaxPoolScatterǁforward__mutmut_38": ("np.empty(arg_part.shape, )", SCATTER_FLOAT_MASK),
    "ops.conv.x_column_blocks__mutmut_31": ("min(max(2, COLUMN_BLOCK_BYTES", BLOCKS_SPLIT),
    "ops.conv.x_column_blocks__mutmut_37": ("max(n, 2))", "equivalent: differs only for n <= 1, "
        "where a step of 2 still covers the one image (or none): a larger scratch only"),
    "ops.conv.x_column_blocks__mutmut_40": ("dtype=None)", FLOAT64_COLUMNS),
    "ops.conv.x_column_blocks__mutmut_42": ("step, )", FLOAT64_COLUMNS),
    "ops.cores.x_over_rows__mutmut_22": ('range(parts + 2)', (
        "equivalent: the slabs are made from bounds[0..parts] only (k in range(parts)); one more "
        "bound at the end is never read")),
    "ops.cores.x_matmul__mutmut_26": ('if m > n:', (
        "rounding: a square product (m == n) is cut along b's columns instead of a's rows: every "
        "entry is the same dot product, and only OpenBLAS's kernel choice for the slab's shape can "
        "change its last bits")),
    "ops.cores.x__workers__mutmut_3": ('ThreadPoolExecutor(None', POOL_ONLY),
    "ops.cores.x__workers__mutmut_4": ('thread_name_prefix=None', POOL_ONLY),
    "ops.cores.x__workers__mutmut_5": ('ThreadPoolExecutor(thread_name', POOL_ONLY),
    "ops.cores.x__workers__mutmut_6": ('THREADS - 1, )', POOL_ONLY),
    "ops.cores.x__workers__mutmut_7": ('THREADS + 1', POOL_ONLY),
    "ops.cores.x__workers__mutmut_9": ('"XXtinygrad_koXX"', POOL_ONLY),
    "ops.cores.x__workers__mutmut_10": ('"TINYGRAD_KO"', POOL_ONLY),
    "ops.cores.x_image_axis__mutmut_1": ('and False', SLAB_AXIS),
    "ops.cores.x_image_axis__mutmut_2": ('or True', SLAB_AXIS),
    "ops.cores.x_image_axis__mutmut_3": ('return 1 if', SLAB_AXIS),
    "ops.cores.x_image_axis__mutmut_5": ('a.strides[1]) >= abs(a.strides[1])', SLAB_AXIS),
    "ops.cores.x_image_axis__mutmut_6": ('> abs(a.strides[1])', SLAB_AXIS),
    "ops.cores.x_image_axis__mutmut_8": ('abs(a.strides[2])', SLAB_AXIS),
    "ops.cores.x_over_rows__mutmut_21": ("range(parts + 2)", "equivalent: the slabs are made from "
        "the first parts + 1 bounds only; the extra one is never read"),
    "ops.cores.x_over_rows__mutmut_9": ("numbers <= SPLIT_FROM", "equivalent: at exactly "
        "SPLIT_FROM numbers the pass runs in one piece instead of slabs: the same numbers"),
    "ops.cores.x_spinning_blas_warning__mutmut_5": ('"XXXX"', "equivalent: an unset variable "
        "reads \"XXXX\" instead of \"\"; neither is \"1\""),
    "ops.elementwise.xǁReLUǁbackward__mutmut_7": ('z.dtype == np.float16 and', RELU_PATH),
    "ops.elementwise.xǁReLUǁbackward__mutmut_8": ('type(None) is np.ndarray', RELU_PATH),
    "ops.elementwise.xǁReLUǁbackward__mutmut_10": ('dz.shape != z.shape', RELU_PATH),
    "ops.elementwise.xǁReLUǁbackward__mutmut_13": ('np.empty_like(z, dtype=None)', RELU_PATH),
    "ops.elementwise.xǁReLUǁbackward__mutmut_15": ('np.empty_like(z, )', RELU_PATH),
    "ops.elementwise.xǁReLUǁbackward__mutmut_32": ('(z.dtype == np.float16) and False', RELU_PATH),
    "ops.elementwise.xǁReLUǁforward__mutmut_8": ('"XXfXX"', "equivalent: every dtype then "
        "takes np.maximum(x, 0) in one piece: the same numbers and dtype"),
    "ops.elementwise.xǁReLUǁforward__mutmut_9": ('!= "F"', "equivalent: every dtype then "
        "takes np.maximum(x, 0) in one piece: the same numbers and dtype"),
    "ops.fused.x_float16_values__mutmut_16": ('if low <= 0:', F16_NO_NEGATIVE),
    "ops.fused.x_float16_values__mutmut_17": ('if low < 1:', F16_NO_NEGATIVE),
    "ops.fused.x_float16_values__mutmut_26": ('scratch += np.uint32(1)', F16_BOUNDARY),
    "ops.fused.x_float16_values__mutmut_28": ('scratch -= np.uint32(2)', F16_BOUNDARY),
    "ops.fused.x_float16_values__mutmut_30": ('bits + np.uint32(1)', F16_BOUNDARY),
    "ops.fused.x_float16_values__mutmut_32": ('bits - np.uint32(2)', F16_BOUNDARY),
    "ops.fused.x_float16_values__mutmut_35": ('scratch <= _SMALLEST_NORMAL_FLOAT16 - 1', F16_BOUNDARY),
    "ops.fused.x_float16_values__mutmut_36": ('_SMALLEST_NORMAL_FLOAT16 + 1', F16_BOUNDARY),
    "ops.fused.x_float16_values__mutmut_37": ('_SMALLEST_NORMAL_FLOAT16 - 2', F16_BOUNDARY),
    "ops.fused.x_float16_values__mutmut_33": ("subnormal = None", "equivalent: "
        "y.reshape(-1)[None] is every number, so the whole array takes NumPy's conversion, the "
        "reference"),
}

# Verdicts for every mutant of a function (name prefix -> verdict), for code mutmut cannot test.
# None now: logical.py's operators are plain functions and tensor_function is tested by installing
# a method at call time (tests/test_tensor_function.py), so their mutants run under the tests.
BY_PREFIX = {}


LAYER_DEFAULTS = ("tests/test_mutation_survivors_nn_layers.py::"
                  "test_activation_layers_keep_pytorchs_defaults_and_names")
ADAM_0D = "tests/test_optim.py::test_adam_updates_a_0d_parameter_by_the_books_formula"
MASK_OPERATORS = "tests/test_mask_operators.py (the whole file, in a fresh process)"
MASK_DOCS = ("tests/test_mask_operators.py::"
             "test_each_mask_operator_says_in_its_docstring_what_it_does")
CORES_TILING = "tests/test_cores.py::test_split_tiling_max_pooling_gives_the_same_bits"
HOOK_CONSTANT = ("tests/test_mutation_survivors_engine.py::"
                 "test_under_create_graph_a_hooks_result_becomes_a_tensor_of_the_gradients_dtype")

# Survivors of a run that a test added (or selected) after it kills: mutant -> (a piece of the
# mutated line, the test).  Each was checked by switching the mutant on in the run's folder
# (MUTANT_UNDER_TEST=<name> python -m pytest <test>); the report lists them as "killed later" and
# does not count them as killed: the score is the run's.
KILLED_LATER = {
    # ops run 91c3b62: _install_mask_operator runs at import, where mutmut's forked runs cannot
    # switch a mutant on; each was switched on in a fresh process (MUTANT_UNDER_TEST=... pytest)
    "ops.logical.x__install_mask_operator__mutmut_1": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_2": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_3": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_4": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_5": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_6": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_7": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_8": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_9": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_10": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_11": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_12": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_13": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_14": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_15": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_16": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_19": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_21": ("", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_20": ("tensor_method(None)", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_22": ("tensor_method(None)", MASK_OPERATORS),
    "ops.logical.x__install_mask_operator__mutmut_17": ("__doc__ = None", MASK_DOCS),
    "ops.logical.x__install_mask_operator__mutmut_18": ("__doc__ = None", MASK_DOCS),
    "ops.cores.x_image_axis__mutmut_9": ("else 2", CORES_TILING),
    "ops.cores.x_over_rows__mutmut_35": ("pool.submit(work, slab)", "tests/test_cores.py::"
        "test_the_slabs_run_under_the_callers_numpy_error_settings"),
    "ops.cores.x__forget_pool__mutmut_1": ('_pool = ""', "tests/test_cores.py::test_a_forked_"
        "child_makes_its_own_pool_instead_of_waiting_on_threads_it_does_not_have"),
    "ops.elementwise.xǁReLUǁforward__mutmut_7": ('kind == "f"', "tests/test_mutation_survivors_ops.py::"
        "test_relu_of_any_dtype_is_numpys_maximum_with_zero_dtype_included"),
    # engine run b16648a: the hook tests' requires_grad check, checked with each mutant on
    "autograd.engine.xǁ_Walkǁrun_hooks__mutmut_18": ("dtype=g.dtype), None)", HOOK_CONSTANT),
    "autograd.engine.xǁ_Walkǁrun_hooks__mutmut_25": ("dtype=g.dtype), True)", HOOK_CONSTANT),
    # nn run 74650fc: tests added after it, checked in the run's folder with each mutant on
    "nn.layers.xǁELUǁ__init____mutmut_1": ("alpha=2.0", LAYER_DEFAULTS),
    "nn.layers.xǁLeakyReLUǁ__init____mutmut_4": ("or True", LAYER_DEFAULTS),
    "nn.layers.xǁSoftplusǁ__init____mutmut_1": ("beta=2.0", LAYER_DEFAULTS),
    "nn.optim.xǁAdamǁupdate__mutmut_6": ("w.ndim != 0", ADAM_0D),
    "nn.optim.xǁAdamǁupdate__mutmut_7": ("w.ndim == 1", ADAM_0D),
    "nn.optim.xǁAdamǁupdate__mutmut_8": ("update_part(None, g, m, v)", ADAM_0D),
    "nn.optim.xǁAdamǁupdate__mutmut_9": ("update_part(w, None, m, v)", ADAM_0D),
    "nn.optim.xǁAdamǁupdate__mutmut_10": ("update_part(w, g, None, v)", ADAM_0D),
    "nn.optim.xǁAdamǁupdate__mutmut_11": ("update_part(w, g, m, None)", ADAM_0D),
    "nn.optim.xǁAdamǁupdate__mutmut_12": ("update_part(g, m, v)", ADAM_0D),
    "nn.optim.xǁAdamǁupdate__mutmut_13": ("update_part(w, m, v)", ADAM_0D),
    "nn.optim.xǁAdamǁupdate__mutmut_14": ("update_part(w, g, v)", ADAM_0D),
    "nn.optim.xǁAdamǁupdate__mutmut_15": ("update_part(w, g, m, )", ADAM_0D),
    "nn.optim.xǁAdamǁupdate__mutmut_18": ("v[rows]), None)", "tests/test_cores.py::"
                                           "test_a_split_adam_update_gives_the_same_bits"),
    # ops run cef360f: tests added in session 6, checked in the run's folder with the mutant on
    "ops.activations.xǁELUǁforward__mutmut_14": (
        "x >= 0", "tests/test_activations.py::"
        "test_at_zero_the_negative_branch_is_used_as_in_pytorch_so_a_negative_slope_gives_minus_zero"),
    "ops.activations.xǁLeakyReLUǁforward__mutmut_10": (
        "x >= 0", "tests/test_activations.py::"
        "test_at_zero_the_negative_branch_is_used_as_in_pytorch_so_a_negative_slope_gives_minus_zero"),
    "ops.math.x_erf_array__mutmut_77": (
        "t <= 3.0", "tests/test_mutation_survivors_ops.py::"
        "test_erf_at_its_switch_from_series_to_tail_is_the_correctly_rounded_value"),
    # --- testing.py: the run at 95c305d (checked in that run's folder) -------------------------
    'testing.x__as_number__mutmut_3': ('(isinstance(value, Tensor)) and False',
        'test_testing_edge_inputs.py::'
        'test_numerical_gradient_takes_any_one_element_result_and_refuses_more'),
    'testing.x_example_cases__mutmut_1': ('seed: int = 1',
        'test_testing_example_inputs.py::'
        'test_the_default_seed_is_0'),
    'testing.x_example_cases__mutmut_11': ('* 0.1 + 1.0',
        'test_testing_example_inputs.py::'
        'test_relu_inputs_lie_on_both_sides_of_the_kink_and_away_from_it'),
    'testing.x_example_cases__mutmut_18': ('* 0.1 - 2.0',
        'test_testing_example_inputs.py::'
        'test_relu_inputs_lie_on_both_sides_of_the_kink_and_away_from_it'),
    'testing.x_example_cases__mutmut_21': ('np.array([1, 2, 1])',
        'test_testing_survivors.py::'
        'test_the_cross_entropy_example_catches_a_backward_that_mixes_up_rows_labels'),
    'testing.x_example_cases__mutmut_23': ('np.array([0, 2, 2])',
        'test_testing_survivors.py::'
        'test_the_cross_entropy_example_catches_a_backward_that_mixes_up_rows_labels'),
    'testing.x_gradgradcheck__mutmut_80': ('leaves, create_graph=None)',
        'test_testing_survivors.py::'
        'test_gradgradcheck_compares_the_graph_with_the_recorded_gradients_own_slope'),
    'testing.x_gradgradcheck__mutmut_84': ('leaves, create_graph=False)',
        'test_testing_survivors.py::'
        'test_gradgradcheck_compares_the_graph_with_the_recorded_gradients_own_slope'),
    'testing.xǁ_Caseǁkink_text__mutmut_44': ('abs(left - right) < max(',
        'test_testing_survivors.py::'
        'test_a_slope_change_of_exactly_ten_atol_is_within_the_kink_tolerance'),
    'testing.xǁ_Caseǁkink_text__mutmut_51': ('max(11 * atol',
        'test_testing_survivors.py::'
        'test_a_slope_change_of_exactly_ten_atol_is_within_the_kink_tolerance'),
    'testing.xǁ_Caseǁkink_text__mutmut_53': ('1001.0 * eps',
        'test_testing_survivors.py::'
        'test_a_slope_change_of_exactly_a_thousand_eps_is_within_the_kink_tolerance'),
    'testing.xǁ_Caseǁkink_text__mutmut_54': ('rtol / scale',
        'test_testing_edge_inputs.py::'
        'test_a_steep_smooth_function_is_not_called_a_kink'),
    'testing.xǁ_Caseǁkink_text__mutmut_63': ('abs(d - analytic) < atol',
        'test_testing_edge_inputs.py::'
        'test_with_zero_tolerance_backward_still_agrees_with_an_exact_one_sided_derivative'),
    'testing.xǁ_Strategiesǁarrays__mutmut_53': ('abs(v - a) >= margin',
        'test_testing_survivors.py::'
        'test_avoid_with_margin_0_still_never_draws_the_avoided_value'),
    # --- autograd/engine.py, autograd/graph.py: the run at 6eda263 -------------------------------
    'autograd.engine.x__as_gradient__mutmut_12': ('eturn ig if (not graph) or Tru',
        'test_mutation_survivors_engine.py::'
        'test_a_custom_ops_array_gradient_under_create_graph_becomes_a_constant_tensor'),
    'autograd.engine.x__as_gradient__mutmut_13': ('eturn ig if graph else tensor_',
        'test_mutation_survivors_engine.py::'
        'test_a_custom_ops_array_gradient_under_create_graph_becomes_a_constant_tensor'),
    'autograd.engine.x__as_gradient__mutmut_14': ('pe._from_op(None, False)',
        'test_mutation_survivors_engine.py::'
        'test_a_custom_ops_array_gradient_under_create_graph_becomes_a_constant_tensor'),
    'autograd.engine.x__as_gradient__mutmut_15': ('from_op(ig, None)',
        'test_mutation_survivors_engine.py::'
        'test_a_custom_ops_array_gradient_under_create_graph_becomes_a_constant_tensor'),
    'autograd.engine.x__as_gradient__mutmut_16': ('pe._from_op(False)',
        'test_mutation_survivors_engine.py::'
        'test_a_custom_ops_array_gradient_under_create_graph_becomes_a_constant_tensor'),
    'autograd.engine.x__as_gradient__mutmut_17': ('from_op(ig, )',
        'test_mutation_survivors_engine.py::'
        'test_a_custom_ops_array_gradient_under_create_graph_becomes_a_constant_tensor'),
    'autograd.engine.x__as_gradient__mutmut_18': ('from_op(ig, True)',
        'test_mutation_survivors_engine.py::'
        'test_a_custom_ops_array_gradient_under_create_graph_becomes_a_constant_tensor'),
    'autograd.engine.x__as_gradient__mutmut_4': ('ype(ig) is np.ndarray:',
        'test_mutation_survivors_engine.py::'
        'test_a_python_number_is_a_gradient_and_takes_the_inputs_dtype'),
    'autograd.engine.x__as_gradient__mutmut_5': ('if isinstance(ig, (np',
        'test_mutation_survivors_engine.py::'
        'test_a_python_number_is_a_gradient_and_takes_the_inputs_dtype'),
    'autograd.engine.x__as_gradient__mutmut_6': ('ig = None',
        'test_mutation_survivors_engine.py::'
        'test_a_python_number_is_a_gradient_and_takes_the_inputs_dtype'),
    'autograd.engine.x__as_gradient__mutmut_7': ('np.asarray(None)',
        'test_mutation_survivors_engine.py::'
        'test_a_python_number_is_a_gradient_and_takes_the_inputs_dtype'),
    'autograd.engine.x__broadcasts_summed_back__mutmut_15': ('or ig.dtype == data.dtype:',
        'test_mutation_survivors_engine.py::'
        'test_a_custom_ops_gradient_is_cast_to_the_inputs_dtype_and_summed_back'),
    'autograd.engine.x__broadcasts_summed_back__mutmut_17': ('= out_shape and not _broadcast',
        'test_mutation_survivors_engine.py::'
        'test_a_gradient_that_cannot_be_summed_back_is_refused_naming_the_op_and_input'),
    'autograd.engine.x__broadcasts_summed_back__mutmut_18': ('if ig.shape == out_shape or no',
        'test_mutation_survivors_engine.py::'
        'test_a_gradient_that_cannot_be_summed_back_is_refused_naming_the_op_and_input'),
    'autograd.engine.x__broadcasts_summed_back__mutmut_19': ('ut_shape or _broadcasts_to(dat',
        'test_mutation_survivors_engine.py::'
        'test_an_output_shaped_gradient_is_summed_back_only_to_an_input_that_broadcasts'),
    'autograd.engine.x__broadcasts_to__mutmut_14': ('return True',
        'test_mutation_survivors_engine.py::'
        'test_an_output_shaped_gradient_for_an_input_that_was_not_broadcast_is_refused'),
    'autograd.engine.x__broadcasts_to__mutmut_2': ('len(target) + len(shape)',
        'test_mutation_survivors_engine.py::'
        'test_an_output_shaped_gradient_for_an_input_that_was_not_broadcast_is_refused'),
    'autograd.engine.x__broadcasts_to__mutmut_5': ('return True',
        'test_mutation_survivors_engine.py::'
        'test_an_output_shaped_gradient_for_an_input_that_was_not_broadcast_is_refused'),
    'autograd.engine.x__empty_like__mutmut_10': ('[1], buffer=None,',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x__empty_like__mutmut_11': ('strides=None)',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x__empty_like__mutmut_12': ('ndarray(key[1], buffer=_ZERO_B',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x__empty_like__mutmut_13': ('ray(key[0], buffer=_ZERO_BYTES',
        'test_mutation_survivors_engine.py::'
        'test_a_stand_in_keeps_shape_dtype_and_requires_grad_and_the_users_tensor_keeps_numbers'),
    'autograd.engine.x__empty_like__mutmut_14': ('0], key[1], strides=(0,) * len',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x__empty_like__mutmut_15': (')',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x__empty_like__mutmut_16': ('ndarray(key[1], key[1], buffer',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x__empty_like__mutmut_17': ('key[0], key[2], buffer=_ZERO_B',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x__empty_like__mutmut_18': ('trides=(0,) / len(key[0]))',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x__empty_like__mutmut_19': ('strides=(1,) * len(key[0]))',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x__empty_like__mutmut_4': ('if empty is not None:',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x__empty_like__mutmut_7': ('TIES[key] = None',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x__empty_like__mutmut_8': ('np.ndarray(None, key[1], buff',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x__empty_like__mutmut_9': ('ray(key[0], None, buffer=_ZERO',
        'test_mutation_survivors_engine.py::'
        'test_a_stand_in_keeps_shape_dtype_and_requires_grad_and_the_users_tensor_keeps_numbers'),
    'autograd.engine.x__summed_back__mutmut_1': ('utput.shape or _broadcasts_to(',
        'test_mutation_survivors_engine.py::'
        'test_a_gradient_that_cannot_be_summed_back_is_refused_naming_the_op_and_input'),
    'autograd.engine.x__walk_nodes__mutmut_10': ('id(tensor), )',
        'test_mutation_survivors_engine.py::'
        'test_grad_of_one_input_leaves_the_other_branch_alone'),
    'autograd.engine.x__walk_nodes__mutmut_12': ('f g is None and (needed is not',
        'test_mutation_survivors_engine.py::'
        'test_grad_of_one_input_leaves_the_other_branch_alone'),
    'autograd.engine.x__walk_nodes__mutmut_18': ('break',
        'test_mutation_survivors_engine.py::'
        'test_grad_of_one_input_leaves_the_other_branch_alone'),
    'autograd.engine.x__walk_nodes__mutmut_30': ('(tensor, g, None)',
        'test_mutation_survivors_engine.py::'
        'test_a_retained_intermediate_gradient_is_the_last_backwards_and_a_leafs_accumulates'),
    'autograd.engine.x__walk_nodes__mutmut_51': ('l) is tuple or len(local) == l',
        'test_mutation_survivors_engine.py::'
        'test_a_gradient_that_cannot_be_summed_back_is_refused_naming_the_op_and_input'),
    'autograd.engine.x__walk_nodes__mutmut_53': ('e(local) is not tuple and len(',
        'test_mutation_survivors_engine.py::'
        'test_a_python_number_is_a_gradient_and_takes_the_inputs_dtype'),
    'autograd.engine.x__walk_nodes__mutmut_54': ('len(local) != len(inputs)',
        'test_mutation_survivors_engine.py::'
        'test_a_gradient_that_cannot_be_summed_back_is_refused_naming_the_op_and_input'),
    'autograd.engine.x__walk_nodes__mutmut_66': ('or ig.dtype == inp._data.dtype',
        'test_mutation_survivors_engine.py::'
        'test_a_float64_gradient_of_the_inputs_shape_is_cast_to_float32'),
    'autograd.engine.x__walk_nodes__mutmut_83': ('.report(fn, None, g, local)',
        'test_mutation_survivors_engine.py::'
        'test_observe_backward_gets_the_node_its_output_and_both_gradients'),
    'autograd.engine.x__walk_nodes__mutmut_84': ('fn, tensor, None, local)',
        'test_mutation_survivors_engine.py::'
        'test_observe_backward_gets_the_node_its_output_and_both_gradients'),
    'autograd.engine.x__walk_nodes__mutmut_96': ('is not None or inp.requires_gr',
        'test_onnx.py::'
        'test_book_model_runs_the_same_in_onnxruntime'),
    'autograd.engine.x_checked_gradients__mutmut_2': ('l) is tuple or len(local) == l',
        'test_mutation_survivors_engine.py::'
        'test_a_gradient_that_cannot_be_summed_back_is_refused_naming_the_op_and_input'),
    'autograd.engine.x_checked_gradients__mutmut_27': ('ig is None and not inp.requir',
        'test_mutation_survivors_engine.py::'
        'test_a_gradient_for_an_input_that_needs_none_is_ignored_whatever_it_is'),
    'autograd.engine.x_checked_gradients__mutmut_3': ('f not graph or type(local) is',
        'test_mutation_survivors_engine.py::'
        'test_a_gradient_that_cannot_be_summed_back_is_refused_naming_the_op_and_input'),
    'autograd.engine.x_checked_gradients__mutmut_32': ('as_gradient(None, position, ig',
        'test_mutation_survivors_engine.py::'
        'test_a_gradient_that_is_not_numbers_is_refused_naming_the_op_and_input'),
    'autograd.engine.x_checked_gradients__mutmut_33': ('radient(fn, None, ig, graph, t',
        'test_mutation_survivors_engine.py::'
        'test_a_gradient_that_is_not_numbers_is_refused_naming_the_op_and_input'),
    'autograd.engine.x_checked_gradients__mutmut_6': ('e(local) is not tuple and len(',
        'test_mutation_survivors_engine.py::'
        'test_a_python_number_is_a_gradient_and_takes_the_inputs_dtype'),
    'autograd.engine.x_checked_gradients__mutmut_7': ('len(local) != len(inputs):',
        'test_mutation_survivors_engine.py::'
        'test_a_gradient_that_cannot_be_summed_back_is_refused_naming_the_op_and_input'),
    'autograd.engine.x_release_values__mutmut_10': ('holders.get(None)',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x_release_values__mutmut_11': ('ders.get(id(None))',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x_release_values__mutmut_16': ('entry[1] = 1',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x_release_values__mutmut_17': ('entry[1] -= 1',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x_release_values__mutmut_19': ('entry[1] += 2',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x_release_values__mutmut_2': ('etains_grad and t._released:',
        'test_mutation_survivors_engine.py::'
        'test_small_tensors_parameters_and_retained_tensors_keep_their_numbers'),
    'autograd.engine.x_release_values__mutmut_24': ('refcount(t) + 3 == uses:',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x_release_values__mutmut_25': ('getrefcount(None) - 3 == uses:',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x_release_values__mutmut_32': ('m_op(empty, None)',
        'test_mutation_survivors_engine.py::'
        'test_a_stand_in_keeps_shape_dtype_and_requires_grad_and_the_users_tensor_keeps_numbers'),
    'autograd.engine.x_release_values__mutmut_5': ('_data.size < _KEEP_VALUES_UP_T',
        'test_mutation_survivors_engine.py::'
        'test_an_op_input_of_16_numbers_keeps_them_one_of_17_loses_them'),
    'autograd.engine.x_release_values__mutmut_8': ('break  # small, a',
        'test_mutation_survivors_engine.py::'
        'test_an_op_input_of_16_numbers_keeps_them_one_of_17_loses_them'),
    'autograd.engine.x_release_values__mutmut_9': ('entry = None',
        'test_mutation_survivors_engine.py::'
        'test_a_freed_graph_empties_in_place_what_only_it_holds'),
    'autograd.engine.x_run_backward__mutmut_18': ('te(pending, None, id(root), g)',
        'test_mutation_survivors_engine.py::'
        'test_the_same_output_listed_twice_gets_both_upstream_gradients'),
    'autograd.engine.x_run_backward__mutmut_26': ('ep_values = None',
        'test_mutation_survivors_engine.py::'
        'test_backward_with_retain_grad_keeps_every_number'),
    'autograd.engine.x_run_backward__mutmut_27': ('etain_graph and retain_grad',
        'test_mutation_survivors_engine.py::'
        'test_backward_with_retain_grad_keeps_every_number'),
    'autograd.engine.x_run_backward__mutmut_3': ('needed = None',
        'test_mutation_survivors_engine.py::'
        'test_grad_of_one_input_leaves_the_other_branch_alone'),
    'autograd.engine.x_run_backward__mutmut_4': ('capture) if (capture is not No',
        'test_mutation_survivors_engine.py::'
        'test_grad_of_one_input_leaves_the_other_branch_alone'),
    'autograd.engine.x_run_backward__mutmut_46': ('ing, owned, None, walk, retain',
        'test_mutation_survivors_engine.py::'
        'test_grad_of_one_input_leaves_the_other_branch_alone'),
    'autograd.engine.x_run_backward__mutmut_56': ('if freed or not keep_values',
        'test_mutation_survivors_engine.py::'
        'test_backward_with_retain_grad_keeps_every_number'),
    'autograd.engine.xǁ_Walkǁown__mutmut_1': ('if id(None) in self.hand',
        'test_mutation_survivors_engine.py::'
        'test_two_inputs_of_an_add_get_distinct_gradients'),
    'autograd.engine.xǁ_Walkǁown__mutmut_12': ('root = None',
        'test_mutation_survivors_engine.py::'
        'test_a_gradient_that_is_the_inputs_own_memory_is_copied'),
    'autograd.engine.xǁ_Walkǁown__mutmut_14': ('root = g if (g.base is None) o',
        'test_mutation_survivors_engine.py::'
        'test_a_retained_gradient_and_the_slices_taken_from_it_do_not_share_memory'),
    'autograd.engine.xǁ_Walkǁown__mutmut_15': ('f g.base is not None else memo',
        'test_mutation_survivors_engine.py::'
        'test_a_retained_gradient_and_the_slices_taken_from_it_do_not_share_memory'),
    'autograd.engine.xǁ_Walkǁown__mutmut_22': ('or root is not memory_root(te',
        'test_mutation_survivors_engine.py::'
        'test_a_gradient_that_is_the_inputs_own_memory_is_copied'),
    'autograd.engine.xǁ_Walkǁown__mutmut_7': ('f.handed[id(None)] = g',
        'test_mutation_survivors_engine.py::'
        'test_two_inputs_of_an_add_get_distinct_gradients'),
    'autograd.engine.xǁ_Walkǁown__mutmut_9': ('type(g) is np.ndarray:  # a Nu',
        'test_mutation_survivors_engine.py::'
        'test_the_gradient_of_a_0d_leaf_is_memory_its_data_view_writes_into'),
    'autograd.engine.xǁ_Walkǁreport__mutmut_11': ('callback(None, output, dual',
        'test_mutation_survivors_engine.py::'
        'test_observe_backward_gets_the_node_its_output_and_both_gradients'),
    'autograd.engine.xǁ_Walkǁreport__mutmut_12': ('allback(fn, None, dual.raw(g),',
        'test_mutation_survivors_engine.py::'
        'test_observe_backward_gets_the_node_its_output_and_both_gradients'),
    'autograd.engine.xǁ_Walkǁreport__mutmut_13': ('fn, output, None, raw_local)',
        'test_mutation_survivors_engine.py::'
        'test_observe_backward_gets_the_node_its_output_and_both_gradients'),
    'autograd.engine.xǁ_Walkǁreport__mutmut_14': ('ual.raw(g), None)',
        'test_mutation_survivors_engine.py::'
        'test_observe_backward_gets_the_node_its_output_and_both_gradients'),
    'autograd.engine.xǁ_Walkǁreport__mutmut_15': ('callback(output, dual.raw(g',
        'test_mutation_survivors_engine.py::'
        'test_observe_backward_gets_the_node_its_output_and_both_gradients'),
    'autograd.engine.xǁ_Walkǁreport__mutmut_16': ('allback(fn, dual.raw(g), raw_l',
        'test_mutation_survivors_engine.py::'
        'test_observe_backward_gets_the_node_its_output_and_both_gradients'),
    'autograd.engine.xǁ_Walkǁreport__mutmut_17': ('fn, output, raw_local)',
        'test_mutation_survivors_engine.py::'
        'test_observe_backward_gets_the_node_its_output_and_both_gradients'),
    'autograd.engine.xǁ_Walkǁreport__mutmut_18': ('ual.raw(g), )',
        'test_mutation_survivors_engine.py::'
        'test_observe_backward_gets_the_node_its_output_and_both_gradients'),
    'autograd.engine.xǁ_Walkǁreport__mutmut_19': ('t, dual.raw(None), raw_local)',
        'test_mutation_survivors_engine.py::'
        'test_observe_backward_gets_the_node_its_output_and_both_gradients'),
    'autograd.engine.xǁ_Walkǁrun_hooks__mutmut_10': ('asarray(g), True)',
        'test_mutation_survivors_engine.py::'
        'test_a_hook_sees_a_plain_gradient_and_its_array_result_keeps_the_dtype'),
    'autograd.engine.xǁ_Walkǁrun_hooks__mutmut_14': ('break',
        'test_mutation_survivors_engine.py::'
        'test_a_hook_returning_none_does_not_stop_the_next_hook'),
    'autograd.engine.xǁ_Walkǁrun_hooks__mutmut_16': ('= result if (self.graph) and F',
        'test_mutation_survivors_engine.py::'
        'test_a_hook_under_create_graph_stays_in_the_recorded_graph'),
    'autograd.engine.xǁ_Walkǁrun_hooks__mutmut_17': ('= result if (self.graph) or Tr',
        'test_mutation_survivors_engine.py::'
        'test_a_hook_sees_a_plain_gradient_and_its_array_result_keeps_the_dtype'),
    'autograd.engine.xǁ_Walkǁrun_hooks__mutmut_20': ('np.asarray(None, dtype=g.dtyp',
        'test_mutation_survivors_engine.py::'
        'test_a_hook_sees_a_plain_gradient_and_its_array_result_keeps_the_dtype'),
    'autograd.engine.xǁ_Walkǁrun_hooks__mutmut_21': ('sult, dtype=None))',
        'test_mutation_survivors_engine.py::'
        'test_a_hook_sees_a_plain_gradient_and_its_array_result_keeps_the_dtype'),
    'autograd.engine.xǁ_Walkǁrun_hooks__mutmut_23': ('ray(result, ))',
        'test_mutation_survivors_engine.py::'
        'test_a_hook_sees_a_plain_gradient_and_its_array_result_keeps_the_dtype'),
    'autograd.engine.xǁ_Walkǁrun_hooks__mutmut_3': ('hown = g if (self.graph) and F',
        'test_mutation_survivors_engine.py::'
        'test_a_hook_under_create_graph_sees_the_recorded_gradient'),
    'autograd.engine.xǁ_Walkǁrun_hooks__mutmut_6': ('asarray(g), None)',
        'test_mutation_survivors_engine.py::'
        'test_a_hook_sees_a_plain_gradient_and_its_array_result_keeps_the_dtype'),
    'autograd.engine.xǁ_Walkǁstore__mutmut_24': ('ious + g if (self.graph) and F',
        'test_mutation_survivors_engine.py::'
        'test_gradients_accumulate_over_two_create_graph_backwards_and_stay_differentiable'),
    'autograd.engine.xǁ_Walkǁstore__mutmut_26': ('= previous - g if self.graph',
        'test_mutation_survivors_engine.py::'
        'test_gradients_accumulate_over_two_create_graph_backwards_and_stay_differentiable'),
    'autograd.engine.xǁ_Walkǁstore__mutmut_32': ('_from_op(g, None)',
        'test_mutation_survivors_engine.py::'
        'test_plain_gradients_are_bool_flagged_constants'),
    'autograd.graph.x_computed_from__mutmut_6': ('is not None or any(id(t) in re',
        'test_mutation_survivors_engine.py::'
        'test_grad_of_one_input_leaves_the_other_branch_alone'),
    'autograd.graph.x_nearest_ops__mutmut_1': ('eue, seen = None',
        'test_viz.py::'
        'test_apple_graph_carries_the_books_numbers_on_the_right_edges'),
    'autograd.graph.x_nearest_ops__mutmut_10': ('if fn is not None or id(fn)',
        'test_viz.py::'
        'test_apple_graph_carries_the_books_numbers_on_the_right_edges'),
    'autograd.graph.x_nearest_ops__mutmut_12': ('e or id(fn) not in selected:',
        'test_viz.py::'
        'test_apple_graph_carries_the_books_numbers_on_the_right_edges'),
    'autograd.graph.x_nearest_ops__mutmut_13': ('break',
        'test_viz.py::'
        'test_apple_orange_graph_carries_every_value_and_gradient'),
    'autograd.graph.x_nearest_ops__mutmut_15': ('selected[id(None)] = fn',
        'test_viz.py::'
        'test_apple_graph_carries_the_books_numbers_on_the_right_edges'),
    'autograd.graph.x_nearest_ops__mutmut_17': ('if id(t) in seen:',
        'test_viz.py::'
        'test_apple_graph_carries_the_books_numbers_on_the_right_edges'),
    'autograd.graph.x_nearest_ops__mutmut_2': ('= {}, deque(None), {id(t) for',
        'test_viz.py::'
        'test_apple_graph_carries_the_books_numbers_on_the_right_edges'),
    'autograd.graph.x_nearest_ops__mutmut_20': ('ueue.append(None)',
        'test_viz.py::'
        'test_apple_graph_carries_the_books_numbers_on_the_right_edges'),
    'autograd.graph.x_nearest_ops__mutmut_4': ('while queue or (limit is None',
        'test_viz.py::'
        'test_apple_graph_carries_the_books_numbers_on_the_right_edges'),
    'autograd.graph.x_nearest_ops__mutmut_5': ('mit is None and len(selected)',
        'test_viz.py::'
        'test_apple_graph_carries_the_books_numbers_on_the_right_edges'),
    'autograd.graph.x_nearest_ops__mutmut_6': ('d (limit is not None or len(se',
        'test_viz.py::'
        'test_apple_graph_carries_the_books_numbers_on_the_right_edges'),
    'autograd.graph.x_nearest_ops__mutmut_7': ('(selected) <= limit):',
        'test_viz.py::'
        'test_ten_thousand_node_chain_without_recursion'),
    'autograd.graph.x_nearest_ops__mutmut_8': ('fn = None', 'test_viz.py (a hang: a timeout)'),
    'autograd.graph.x_nearest_ops__mutmut_9': ('fn is None and id(fn) in sele',
        'test_mutation_survivors_engine.py::'
        'test_a_graph_whose_every_tensor_is_used_twice_is_drawn_one_op_per_node'),
    'autograd.graph.x_ops_in_order__mutmut_1': ('made = None',
        'test_mutation_survivors_engine.py::'
        'test_a_graph_whose_every_tensor_is_used_twice_is_drawn_one_op_per_node'),
    'autograd.graph.x_ops_in_order__mutmut_10': ('not in made or (within is None',
        'test_mutation_survivors_engine.py::'
        'test_a_graph_whose_every_tensor_is_used_twice_is_drawn_one_op_per_node'),
    'autograd.graph.x_ops_in_order__mutmut_11': ('is not None or fn not in made',
        'test_mutation_survivors_engine.py::'
        'test_a_graph_whose_every_tensor_is_used_twice_is_drawn_one_op_per_node'),
    'autograd.graph.x_ops_in_order__mutmut_12': ('if fn is None and fn not in',
        'test_mutation_survivors_engine.py::'
        'test_a_graph_whose_every_tensor_is_used_twice_is_drawn_one_op_per_node'),
    'autograd.graph.x_ops_in_order__mutmut_13': ('None and fn in made and (withi',
        'test_mutation_survivors_engine.py::'
        'test_a_graph_whose_every_tensor_is_used_twice_is_drawn_one_op_per_node'),
    'autograd.graph.x_ops_in_order__mutmut_14': ('hin is None and id(fn) in with',
        'test_mutation_survivors_engine.py::'
        'test_a_graph_whose_every_tensor_is_used_twice_is_drawn_one_op_per_node'),
    'autograd.graph.x_ops_in_order__mutmut_15': ('(within is not None or id(fn)',
        'test_mutation_survivors_engine.py::'
        'test_a_graph_whose_every_tensor_is_used_twice_is_drawn_one_op_per_node'),
    'autograd.graph.x_ops_in_order__mutmut_16': ('None or id(None) in within):',
        'test_mutation_survivors_engine.py::'
        'test_a_graph_whose_every_tensor_is_used_twice_is_drawn_one_op_per_node'),
    'autograd.graph.x_ops_in_order__mutmut_17': ('e or id(fn) not in within):',
        'test_mutation_survivors_engine.py::'
        'test_a_graph_whose_every_tensor_is_used_twice_is_drawn_one_op_per_node'),
    'autograd.graph.x_ops_in_order__mutmut_18': ('made[fn] = None',
        'test_mutation_survivors_engine.py::'
        'test_a_graph_whose_every_tensor_is_used_twice_is_drawn_one_op_per_node'),
    'autograd.graph.x_ops_in_order__mutmut_2': ('gical_order(None, only_requiri',
        'test_mutation_survivors_engine.py::'
        'test_a_graph_whose_every_tensor_is_used_twice_is_drawn_one_op_per_node'),
    'autograd.graph.x_ops_in_order__mutmut_5': ('gical_order(only_requiring_gra',
        'test_mutation_survivors_engine.py::'
        'test_a_graph_whose_every_tensor_is_used_twice_is_drawn_one_op_per_node'),
    'autograd.graph.x_ops_in_order__mutmut_9': ('fn = None',
        'test_mutation_survivors_engine.py::'
        'test_a_graph_whose_every_tensor_is_used_twice_is_drawn_one_op_per_node'),
    'autograd.graph.x_topological_order__mutmut_24': ('None and id(None) not in withi',
        'test_viz.py::'
        'test_apple_graph_carries_the_books_numbers_on_the_right_edges'),
    'autograd.graph.x_topological_order__mutmut_25': ('and id(fn) in within):',
        'test_viz.py::'
        'test_apple_graph_carries_the_books_numbers_on_the_right_edges'),
    'autograd.graph.x_topological_order__mutmut_30': ('res_grad or only_requiring_gra',
        'test_onnx.py::'
        'test_book_model_runs_the_same_in_onnxruntime'),
    'autograd.graph.x_topological_order__mutmut_6': ('t(roots)[::-2]',
        'test_onnx.py::'
        'test_function_with_shape_ops_runs_the_same'),
    # --- ops: the run at cef360f ---------------------------------------------------------------
    'ops.conv.x_column_blocks__mutmut_11': ('ax(n, 1) if (per_image_bytes *',
        'test_conv_layouts.py::'
        'test_column_blocks_cover_the_batch_in_whole_images'),
    'ops.conv.x_column_blocks__mutmut_12': ('ax(n, 1) if (per_image_bytes *',
        'test_conv_layouts.py::'
        'test_column_blocks_cover_the_batch_in_whole_images'),
    'ops.conv.x_column_blocks__mutmut_19': ('_bytes * n < STORED_COLUMNS_BY',
        'test_conv_layouts.py::'
        'test_column_blocks_cover_the_batch_in_whole_images'),
    'ops.conv.x_column_blocks__mutmut_20': ('None, COLUMN_BLOCK',
        'test_conv_layouts.py::'
        'test_column_blocks_cover_the_batch_in_whole_images'),
    'ops.conv.x_column_blocks__mutmut_21': ('1, None)',
        'test_conv_layouts.py::'
        'test_column_blocks_cover_the_batch_in_whole_images'),
    'ops.conv.x_column_blocks__mutmut_22': ('COLUMN_BLOCK_BYTES',
        'test_conv_layouts.py::'
        'test_column_blocks_cover_the_batch_in_whole_images'),
    'ops.conv.x_column_blocks__mutmut_23': ('1, )',
        'test_conv_layouts.py::'
        'test_column_blocks_cover_the_batch_in_whole_images'),
    'ops.conv.x_column_blocks__mutmut_25': ('LOCK_BYTES / per_image_bytes)',
        'test_conv_layouts.py::'
        'test_column_blocks_cover_the_batch_in_whole_images'),
    'ops.conv.x_column_blocks__mutmut_61': ('yield slice(None, stop), slice',
        'test_conv_layouts.py::'
        'test_column_blocks_cover_the_batch_in_whole_images'),
    'ops.conv.x_column_blocks__mutmut_62': ('lice(start, None), slice(per_i',
        'test_conv_layouts.py::'
        'test_column_blocks_cover_the_batch_in_whole_images'),
    'ops.conv.x_column_blocks__mutmut_63': ('eld slice(stop), slice(per_ima',
        'test_conv_layouts.py::'
        'test_column_blocks_cover_the_batch_in_whole_images'),
    'ops.conv.x_column_blocks__mutmut_7': ('* per_image / np.dtype(dtype).',
        'test_conv_layouts.py::'
        'test_column_blocks_cover_the_batch_in_whole_images'),
    'ops.conv.x_column_blocks__mutmut_77': ('age * (stop + start)].reshape(',
        'test_conv_layouts.py::'
        'test_column_blocks_cover_the_batch_in_whole_images'),
    'ops.conv.x_column_blocks__mutmut_79': ('age * (stop + start))',
        'test_conv_layouts.py::'
        'test_column_blocks_cover_the_batch_in_whole_images'),
    'ops.conv.x_column_blocks__mutmut_8': ('max(1, rows / per_image * np.d',
        'test_conv_layouts.py::'
        'test_column_blocks_cover_the_batch_in_whole_images'),
    'ops.conv.x_first_arg_max__mutmut_15': ('rrstate(all=None):',
        'test_mutation_survivors_ops.py::'
        'test_max_pooling_numbers_near_the_float32_limit_warns_of_nothing'),
    'ops.conv.x_shifted_columns__mutmut_80': ('e(0, min(pw + j, w)) if j < pw',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.x_shifted_columns__mutmut_92': ('- (j - pw), 1), w)',
        'test_mutation_survivors_ops.py::'
        'test_same_width_conv2d_of_narrow_images_matches_the_written_out_sum'),
    'ops.conv.xǁConv2dǁbackward__mutmut_11': ('dx = dwb = ""',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_computes_only_the_gradients_asked_for'),
    'ops.conv.xǁConv2dǁbackward__mutmut_14': ('d_in_blocks(None, w_flat, dy,',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_106': ('images.stop + images.start)',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_117': ('block.dtype != dx_dtype else N',
        'test_mutation_survivors_ops.py::'
        'test_conv2d_of_mixed_float_dtypes_computes_in_float64_and_rounds_once'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_13': ('(x, dy)) if (needs_w) or True',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_computes_only_the_gradients_asked_for'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_132': ('images.stop + images.start, c,',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_134': ('padding) if (needs_x) or True',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_computes_only_the_gradients_asked_for'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_25': ('result_type(dy)',
        'test_mutation_survivors_ops.py::'
        'test_float16_conv2d_gradients_are_float32_gradients_rounded_once'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_26': ('ype(w_flat, )',
        'test_mutation_survivors_ops.py::'
        'test_conv2d_of_mixed_float_dtypes_computes_in_float64_and_rounds_once'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_59': ('ept[0])] if (columns_kept) or',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_66': ('None, n, per_image',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_67': ('rows, None, per_image, x',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_68': ('rows, n, None, x.dtype)',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_70': ('n, per_image, x.dt',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_71': ('rows, per_image, x.dtype',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_72': ('rows, n, x.dtype)',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_73': ('per_image, )',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_8': ('f.out_hw[0] / self.out_hw[1]',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_83': ('if columns_kept:',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_84': ('columns(None, kernel, self',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_85': ('(x[images], None, self.stride,',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_86': ('s], kernel, None, self.padding',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_87': ('elf.stride, None, self.out_hw,',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_88': ('lf.padding, None,',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_89': ('ones_row=None, out=block)',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_9': ('self.out_hw[1] * self.out_hw[1',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_90': ('f.bias, out=None)',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_91': ('columns(kernel, self.strid',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_92': ('(x[images], self.stride, self.',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_93': ('ernel, self.padding, self.out_',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_94': ('tride, self.out_hw,',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_95': ('lf.padding, ones_row=self.bias',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_96': ('out=block)',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_97': ('=self.bias, )',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁbackward_in_blocks__mutmut_98': ('dwb = filter_gradient(',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁforward__mutmut_102': ('self.save(None, w_flat, *([b',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁforward__mutmut_108': ('([block] if (part.stop - part.',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁforward__mutmut_110': ('part.start != out.shape[1] el',
        'test_conv_layouts.py::'
        'test_blocked_conv2d_matches_the_window_by_window_reference'),
    'ops.conv.xǁConv2dǁforward__mutmut_69': ('result_type(x))',
        'test_mutation_survivors_ops.py::'
        'test_conv2d_of_mixed_float_dtypes_computes_in_float64_and_rounds_once'),
    'ops.conv.xǁConv2dǁforward__mutmut_70': ('type(w_mat, ))',
        'test_mutation_survivors_ops.py::'
        'test_conv2d_of_mixed_float_dtypes_computes_in_float64_and_rounds_once'),
    'ops.fused.x__conv_relu_max_pool_in_compute_dtype__mutmut_4': ('result_type(w.dtype)',
        'test_mutation_survivors_ops.py::'
        'test_the_fused_block_with_images_and_filters_of_different_dtypes_is_the_unfused_block'),
    'ops.fused.x__conv_relu_max_pool_in_compute_dtype__mutmut_5': ('pe(x.dtype, )',
        'test_mutation_survivors_ops.py::'
        'test_the_fused_block_with_images_and_filters_of_different_dtypes_is_the_unfused_block'),
    'ops.fused.x_conv_relu_max_pool__mutmut_1': ('conv_stride=2, conv_padding=0,',
        'test_mutation_survivors_ops.py::'
        'test_the_fused_blocks_defaults_are_the_three_ops_defaults'),
    'ops.fused.x_conv_relu_max_pool__mutmut_2': ('onv_padding=1,',
        'test_mutation_survivors_ops.py::'
        'test_the_fused_blocks_defaults_are_the_three_ops_defaults'),
    'ops.fused.x_conv_relu_max_pool__mutmut_3': ('pool_kernel=3, pool_stride=Non',
        'test_mutation_survivors_ops.py::'
        'test_the_fused_blocks_defaults_are_the_three_ops_defaults'),
    'ops.fused.x_conv_relu_max_pool__mutmut_4': ('ool_padding=1) -> np.ndarray:',
        'test_mutation_survivors_ops.py::'
        'test_the_fused_blocks_defaults_are_the_three_ops_defaults'),
    'ops.transposed_conv.x__check__mutmut_31': ('ng, stride, None)',
        'test_mutation_survivors_ops.py::'
        'test_a_bad_output_padding_is_refused_naming_conv_transpose2d'),
    'ops.transposed_conv.x__check__mutmut_35': ('g, stride, "XXconv_transpose2d',
        'test_mutation_survivors_ops.py::'
        'test_a_bad_output_padding_is_refused_naming_conv_transpose2d'),
    'ops.transposed_conv.x__check__mutmut_36': ('g, stride, "CONV_TRANSPOSE2D")',
        'test_mutation_survivors_ops.py::'
        'test_a_bad_output_padding_is_refused_naming_conv_transpose2d'),
    # --- nn: the run at 6cb30c9 ------------------------------------------------------------------
    'nn.functional.x_conv_relu_max_pool2d__mutmut_1': ('one, stride=2, padding=0,',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d__mutmut_13': (')',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d__mutmut_16': ('onv2d(x, W, None, stride, padd',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d__mutmut_2': ('=1, padding=1,',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d__mutmut_23': ('b, stride, ).relu(), pool_ker',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d__mutmut_26': ('x = x if (isinstance(x, Ten',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d__mutmut_27': ('else Tensor(None)',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d__mutmut_3': ('kernel_size=3, pool_stride=Non',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d__mutmut_4': ('ool_padding=1) -> Tensor:',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d__mutmut_49': ('rom_op(out, None)',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d__mutmut_52': ('rom_op(out, True)',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d__mutmut_8': ('ernel_size, None,',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d_linear__mutmut_18': (')',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d_linear__mutmut_29': ('x = x if (isinstance(x, Ten',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d_linear__mutmut_30': ('else Tensor(None)',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d_linear__mutmut_5': ('ool2d(x, W, None, stride, padd',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d_linear__mutmut_55': ('rom_op(out, None)',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d_linear__mutmut_58': ('rom_op(out, True)',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_conv_relu_max_pool2d_linear__mutmut_9': ('ernel_size, None,',
        'test_mutation_survivors_nn.py::'
        'test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph'),
    'nn.functional.x_dropout__mutmut_1': (': Tensor, p=1.5, training=True',
        'test_mutation_survivors_nn.py::'
        'test_dropout_by_default_trains_dropping_with_p_half_and_scaling_by_two'),
    'nn.functional.x_dropout__mutmut_12': ('ing or p == 1:',
        'test_mutation_survivors_nn.py::'
        'test_dropout_by_default_trains_dropping_with_p_half_and_scaling_by_two'),
    'nn.functional.x_dropout__mutmut_14': ('rng(rng) if (not isinstance(rn',
        'test_mutation_survivors_nn.py::'
        'test_dropout_by_default_trains_dropping_with_p_half_and_scaling_by_two'),
    'nn.functional.x_dropout__mutmut_16': ('default_rng(None) if not isins',
        'test_mutation_survivors_nn.py::'
        'test_dropout_by_default_trains_dropping_with_p_half_and_scaling_by_two'),
    'nn.functional.x_dropout__mutmut_17': ('rng(rng) if isinstance(rng, np',
        'test_mutation_survivors_nn.py::'
        'test_dropout_by_default_trains_dropping_with_p_half_and_scaling_by_two'),
    'nn.functional.x_dropout__mutmut_2': ('5, training=False, rng=None) -',
        'test_mutation_survivors_nn.py::'
        'test_dropout_by_default_trains_dropping_with_p_half_and_scaling_by_two'),
    'nn.functional.x_dropout__mutmut_4': ('bability(p, None)',
        'test_mutation_survivors_nn.py::'
        'test_dropout_by_default_trains_dropping_with_p_half_and_scaling_by_two'),
    'nn.functional.x_dropout__mutmut_7': ('ability(p, "XXdropoutXX")',
        'test_mutation_survivors_nn.py::'
        'test_dropout_by_default_trains_dropping_with_p_half_and_scaling_by_two'),
    'nn.functional.x_dropout__mutmut_8': ('ability(p, "DROPOUT")',
        'test_mutation_survivors_nn.py::'
        'test_dropout_by_default_trains_dropping_with_p_half_and_scaling_by_two'),
    'nn.layers.xǁSoftmaxǁ__init____mutmut_1': ('self.axis = None',
        'test_mutation_survivors_nn.py::'
        'test_the_softmax_layer_normalises_the_axis_it_is_given_the_last_by_default'),
    'nn.layers.xǁSoftmaxǁ__init____mutmut_10': ('yword(axis, None, "Softmax")',
        'test_mutation_survivors_nn.py::'
        'test_the_softmax_layer_normalises_the_axis_it_is_given_the_last_by_default'),
    'nn.layers.xǁSoftmaxǁ__init____mutmut_11': ('(axis, dim, None)',
        'test_mutation_survivors_nn.py::'
        'test_the_softmax_layer_refuses_both_axis_and_dim_naming_itself'),
    'nn.layers.xǁSoftmaxǁ__init____mutmut_12': ('xis_keyword(dim, "Softmax")',
        'test_mutation_survivors_nn.py::'
        'test_the_softmax_layer_normalises_the_axis_it_is_given_the_last_by_default'),
    'nn.layers.xǁSoftmaxǁ__init____mutmut_13': ('yword(axis, "Softmax")',
        'test_mutation_survivors_nn.py::'
        'test_the_softmax_layer_normalises_the_axis_it_is_given_the_last_by_default'),
    'nn.layers.xǁSoftmaxǁ__init____mutmut_14': ('(axis, dim, )',
        'test_mutation_survivors_nn.py::'
        'test_the_softmax_layer_normalises_the_axis_it_is_given_the_last_by_default'),
    'nn.layers.xǁSoftmaxǁ__init____mutmut_16': ('axis, dim, "softmax")',
        'test_mutation_survivors_nn.py::'
        'test_the_softmax_layer_refuses_both_axis_and_dim_naming_itself'),
    'nn.layers.xǁSoftmaxǁ__init____mutmut_17': ('xis, dim, "SOFTMAX")',
        'test_mutation_survivors_nn.py::'
        'test_the_softmax_layer_refuses_both_axis_and_dim_naming_itself'),
    'nn.layers.xǁSoftmaxǁ__init____mutmut_3': ('xis = -1 if (axis is None and',
        'test_mutation_survivors_nn.py::'
        'test_the_softmax_layer_normalises_the_axis_it_is_given_the_last_by_default'),
    'nn.layers.xǁSoftmaxǁ__init____mutmut_4': ('self.axis = +1 if axis is None',
        'test_mutation_survivors_nn.py::'
        'test_the_softmax_layer_normalises_the_axis_it_is_given_the_last_by_default'),
    'nn.layers.xǁSoftmaxǁ__init____mutmut_6': ('xis is None or dim is None els',
        'test_mutation_survivors_nn.py::'
        'test_the_softmax_layer_normalises_the_axis_it_is_given_the_last_by_default'),
    'nn.layers.xǁSoftmaxǁ__init____mutmut_7': ('if axis is not None and dim i',
        'test_mutation_survivors_nn.py::'
        'test_the_softmax_layer_normalises_the_axis_it_is_given_the_last_by_default'),
    'nn.layers.xǁSoftmaxǁ__init____mutmut_8': ('and dim is not None else axis',
        'test_mutation_survivors_nn.py::'
        'test_the_softmax_layer_normalises_the_axis_it_is_given_the_last_by_default'),
    'nn.layers.xǁSoftmaxǁ__init____mutmut_9': ('xis_keyword(None, dim, "Softma',
        'test_mutation_survivors_nn.py::'
        'test_the_softmax_layer_normalises_the_axis_it_is_given_the_last_by_default'),
    'nn.layers.xǁSoftmaxǁforward__mutmut_1': ('n x.softmax(None)',
        'test_mutation_survivors_nn.py::'
        'test_the_softmax_layer_normalises_the_axis_it_is_given_the_last_by_default'),
}
