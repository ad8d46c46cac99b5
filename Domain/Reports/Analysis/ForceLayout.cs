using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// A deterministic force-directed layout after Fruchterman &amp; Reingold (1991): nodes repel with
/// force k²/d and edges attract with force d²/k (times the edge weight), k = √(area/n) in a unit
/// square; a weak pull to the centre (proportional to the distance) keeps separate components and
/// isolates in view. Each step moves a node along its net force by at most the temperature, which
/// cools linearly from 0.1 to 0 over a fixed number of iterations. Initial positions come from a
/// hash of each node's key and the seed, so the result depends on the keys, the edges and the seed
/// only — never on input order or the runtime. Above <see cref="GridFrom"/> nodes repulsion is
/// computed only between nodes in neighbouring cells of a 2k grid (the grid variant of the paper),
/// O(n) per iteration for evenly spread nodes.
/// Reference: Fruchterman, T. &amp; Reingold, E. (1991) Graph drawing by force-directed placement.
/// Software: Practice and Experience 21(11).
/// </summary>
internal static class ForceLayout
{
    public const int GridFrom = 50;

    /// <param name="keys">Node keys, in the order the result is returned; they seed the initial positions.</param>
    /// <param name="edges">Undirected edges as node indices with a positive weight; self-loops are ignored.</param>
    /// <param name="initial">
    /// Optional starting positions in [0, 1]² (e.g. a team in the middle and its contacts around it); each
    /// is jittered by up to ±0.03 from the key's hash. A good start needs far fewer iterations.
    /// </param>
    /// <returns>Positions in [0, 1]², each axis scaled to fill it.</returns>
    public static (double X, double Y)[] Compute(
        IReadOnlyList<string> keys,
        IReadOnlyList<(int A, int B, double Weight)> edges,
        int seed,
        int iterations = 0,
        IReadOnlyList<(double X, double Y)>? initial = null)
    {
        var n = keys.Count;
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var r = new DeterministicRandom(DeterministicRandom.Hash(keys[i], (ulong)(uint)seed));
            if (initial is null)
            {
                x[i] = r.NextDouble();
                y[i] = r.NextDouble();
            }
            else
            {
                x[i] = initial[i].X + 0.06 * (r.NextDouble() - 0.5);
                y[i] = initial[i].Y + 0.06 * (r.NextDouble() - 0.5);
            }
        }

        if (n <= 1)
        {
            return n == 1 ? [(0.5, 0.5)] : [];
        }

        if (iterations <= 0)
        {
            iterations = DefaultIterations(n, initial is not null);
        }

        var k = Math.Sqrt(1.0 / n);
        var k2 = k * k;
        const double gravity = 0.08;
        var dx = new double[n];
        var dy = new double[n];
        var grid = n > GridFrom ? new Grid(n, reach: 2 * k) : null;
        var from = new int[edges.Count];
        var to = new int[edges.Count];
        var weight = new double[edges.Count];
        var m = 0;
        foreach (var (a, b, w) in edges)
        {
            if (a != b)
            {
                (from[m], to[m], weight[m]) = (a, b, w);
                m++;
            }
        }

        for (var it = 0; it < iterations; it++)
        {
            Array.Clear(dx);
            Array.Clear(dy);
            if (grid is not null)
            {
                grid.Repel(x, y, dx, dy, k2);
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    double xi = x[i], yi = y[i], fx = 0, fy = 0;
                    for (var j = i + 1; j < n; j++)
                    {
                        var (ex, ey) = Apart(xi - x[j], yi - y[j], i, j);
                        var f = k2 / (ex * ex + ey * ey);
                        fx += ex * f;
                        fy += ey * f;
                        dx[j] -= ex * f;
                        dy[j] -= ey * f;
                    }

                    dx[i] += fx;
                    dy[i] += fy;
                }
            }

            for (var e = 0; e < m; e++)
            {
                int a = from[e], b = to[e];
                var ex = x[a] - x[b];
                var ey = y[a] - y[b];
                var d = Math.Sqrt(ex * ex + ey * ey);
                var f = d / k * weight[e]; // (d²/k · w) along the unit vector (ex, ey)/d
                dx[a] -= ex * f;
                dy[a] -= ey * f;
                dx[b] += ex * f;
                dy[b] += ey * f;
            }

            var temperature = 0.1 * (1.0 - (double)it / iterations);
            for (var i = 0; i < n; i++)
            {
                var fx = dx[i] - gravity * (x[i] - 0.5) / k;
                var fy = dy[i] - gravity * (y[i] - 0.5) / k;
                var len = Math.Sqrt(fx * fx + fy * fy);
                if (len > 1e-12)
                {
                    var step = Math.Min(len, temperature) / len;
                    x[i] += fx * step;
                    y[i] += fy * step;
                }
            }
        }

        return Normalize(x, y);
    }

    /// <summary>
    /// The offset between two nodes, or — when they coincide — a tiny one in a direction fixed by
    /// their indices, so they separate deterministically.
    /// </summary>
    private static (double X, double Y) Apart(double ex, double ey, int i, int j) =>
        ex * ex + ey * ey > 1e-12 ? (ex, ey) : (1e-4 * (1 + (i * 7 + j * 13) % 5), 1e-4 * (1 + (i * 11 + j * 3) % 7));

    /// <summary>
    /// Repulsion only between nodes within 2k of each other, found through neighbouring grid cells (the
    /// paper's grid variant). Positions are copied into cell order first, so the inner loops read
    /// consecutive memory; the arithmetic and its order are those of the plain pair loop over the same
    /// cell order, so the result does not depend on this copy.
    /// </summary>
    private sealed class Grid(int n, double reach)
    {
        private const int MaxCellsPerSide = 64;
        private readonly int[] _cellOf = new int[n];
        private readonly int[] _order = new int[n];
        private readonly int[] _start = new int[MaxCellsPerSide * MaxCellsPerSide + 2];
        private readonly int[] _cursor = new int[MaxCellsPerSide * MaxCellsPerSide + 2];
        private readonly double[] _x = new double[n];
        private readonly double[] _y = new double[n];
        private readonly double[] _dx = new double[n];
        private readonly double[] _dy = new double[n];

        /// <summary>Writes each node's repulsion into <paramref name="dx"/>, <paramref name="dy"/> (overwriting them).</summary>
        public void Repel(double[] x, double[] y, double[] dx, double[] dy, double k2)
        {
            double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
            for (var i = 0; i < n; i++)
            {
                minX = Math.Min(minX, x[i]);
                minY = Math.Min(minY, y[i]);
                maxX = Math.Max(maxX, x[i]);
                maxY = Math.Max(maxY, y[i]);
            }

            // Cells are at least the repulsion reach; a widely spread drawing gets larger cells
            // rather than many empty ones, so each pass stays O(n).
            var cellSize = Math.Max(reach, Math.Max(maxX - minX, maxY - minY) / (MaxCellsPerSide - 1));
            var cols = Math.Min(MaxCellsPerSide, (int)((maxX - minX) / cellSize) + 1);
            var rows = Math.Min(MaxCellsPerSide, (int)((maxY - minY) / cellSize) + 1);
            var cells = cols * rows;
            Array.Clear(_start, 0, cells + 2);
            for (var i = 0; i < n; i++)
            {
                var cx = Math.Min(cols - 1, (int)((x[i] - minX) / cellSize));
                var cy = Math.Min(rows - 1, (int)((y[i] - minY) / cellSize));
                _cellOf[i] = cy * cols + cx;
                _start[_cellOf[i] + 1]++;
            }

            for (var c = 0; c <= cells; c++)
            {
                _start[c + 1] += _start[c];
            }

            Array.Copy(_start, _cursor, cells);
            for (var i = 0; i < n; i++)
            {
                var p = _cursor[_cellOf[i]]++;
                _order[p] = i;
                _x[p] = x[i];
                _y[p] = y[i];
            }

            Array.Clear(_dx);
            Array.Clear(_dy);

            // Half stencil, node by node in cell order: the rest of its own cell, then the four
            // neighbouring cells after it (E, SW, S, SE), so each pair of nearby nodes is seen once.
            var reach2 = reach * reach;
            for (var p = 0; p < n; p++)
            {
                var cell = _cellOf[_order[p]];
                var cx = cell % cols;
                var cy = cell / cols;
                Pairs(k2, reach2, p, p + 1, _start[cell + 1]);
                if (cx + 1 < cols) Pairs(k2, reach2, p, _start[cell + 1], _start[cell + 2]);
                if (cy + 1 < rows)
                {
                    var below = cell + cols;
                    if (cx > 0) Pairs(k2, reach2, p, _start[below - 1], _start[below]);
                    Pairs(k2, reach2, p, _start[below], _start[below + 1]);
                    if (cx + 1 < cols) Pairs(k2, reach2, p, _start[below + 1], _start[below + 2]);
                }
            }

            for (var p = 0; p < n; p++)
            {
                dx[_order[p]] = _dx[p];
                dy[_order[p]] = _dy[p];
            }
        }

        /// <summary>Repulsion between the node at position p of the cell order and those at positions [from, to), within reach.</summary>
        private void Pairs(double k2, double reach2, int p, int from, int to)
        {
            if (from >= to)
            {
                return;
            }

            // Unchecked reads and writes: p and [from, to) are positions of the cell order, all below n.
            ref var xs = ref MemoryMarshal.GetArrayDataReference(_x);
            ref var ys = ref MemoryMarshal.GetArrayDataReference(_y);
            ref var dxs = ref MemoryMarshal.GetArrayDataReference(_dx);
            ref var dys = ref MemoryMarshal.GetArrayDataReference(_dy);
            double xi = Unsafe.Add(ref xs, p), yi = Unsafe.Add(ref ys, p), fx = 0, fy = 0;
            for (var q = from; q < to; q++)
            {
                var ex = xi - Unsafe.Add(ref xs, q);
                var ey = yi - Unsafe.Add(ref ys, q);
                var d2 = ex * ex + ey * ey;
                if (d2 > reach2)
                {
                    continue;
                }

                if (d2 <= 1e-12)
                {
                    var (i, j) = (_order[p], _order[q]);
                    (ex, ey) = Apart(ex, ey, Math.Min(i, j), Math.Max(i, j));
                    d2 = ex * ex + ey * ey;
                }

                var f = k2 / d2; // (k²/d) along the unit vector (ex, ey)/d
                fx += ex * f;
                fy += ey * f;
                Unsafe.Add(ref dxs, q) -= ex * f;
                Unsafe.Add(ref dys, q) -= ey * f;
            }

            Unsafe.Add(ref dxs, p) += fx;
            Unsafe.Add(ref dys, p) += fy;
        }
    }

    /// <summary>Fixed per size: many steps for small maps (cheap, and they show every wobble), fewer for large ones or a good start.</summary>
    public static int DefaultIterations(int n, bool goodStart) =>
        goodStart
            ? (n <= 30 ? 200 : n <= 80 ? 80 : n <= 200 ? 40 : 40)
            : (n <= 30 ? 300 : n <= 80 ? 150 : n <= 200 ? 90 : 70);

    /// <summary>Scales each axis to [0, 1] so the drawing fills whatever frame it is drawn in.</summary>
    private static (double X, double Y)[] Normalize(double[] x, double[] y)
    {
        var n = x.Length;
        double minX = x.Min(), maxX = x.Max(), minY = y.Min(), maxY = y.Max();
        var spanX = Math.Max(maxX - minX, 1e-9);
        var spanY = Math.Max(maxY - minY, 1e-9);
        var result = new (double, double)[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = ((x[i] - minX) / spanX, (y[i] - minY) / spanY);
        }

        return result;
    }
}
