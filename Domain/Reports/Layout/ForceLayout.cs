namespace SurveyNetwork.Domain.Reports;

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
    public const int GridFrom = 120;

    /// <param name="keys">Node keys, in the order the result is returned; they seed the initial positions.</param>
    /// <param name="edges">Undirected edges as node indices with a positive weight; self-loops are ignored.</param>
    /// <returns>Positions in [0, 1]², each axis scaled to fill it.</returns>
    public static (double X, double Y)[] Compute(IReadOnlyList<string> keys, IReadOnlyList<(int A, int B, double Weight)> edges, int seed, int iterations = 0)
    {
        var n = keys.Count;
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var r = new DeterministicRandom(DeterministicRandom.Hash(keys[i], (ulong)(uint)seed));
            x[i] = r.NextDouble();
            y[i] = r.NextDouble();
        }

        if (n <= 1)
        {
            return n == 1 ? [(0.5, 0.5)] : [];
        }

        if (iterations <= 0)
        {
            iterations = n <= 60 ? 300 : n <= 200 ? 220 : 150;
        }

        var k = Math.Sqrt(1.0 / n);
        var k2 = k * k;
        const double gravity = 0.08;
        var dx = new double[n];
        var dy = new double[n];
        var useGrid = n > GridFrom;
        var cellSize = 2 * k;
        for (var it = 0; it < iterations; it++)
        {
            Array.Clear(dx);
            Array.Clear(dy);
            if (useGrid)
            {
                RepelGrid(x, y, dx, dy, k2, cellSize);
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    for (var j = i + 1; j < n; j++)
                    {
                        Repel(x, y, dx, dy, i, j, k2, double.MaxValue);
                    }
                }
            }

            foreach (var (a, b, w) in edges)
            {
                if (a == b)
                {
                    continue;
                }

                var ex = x[a] - x[b];
                var ey = y[a] - y[b];
                var d = Math.Sqrt(ex * ex + ey * ey);
                if (d < 1e-9)
                {
                    continue;
                }

                var f = d / k * w;
                ex = ex * f;
                ey = ey * f;
                dx[a] -= ex;
                dy[a] -= ey;
                dx[b] += ex;
                dy[b] += ey;
            }

            var temperature = 0.1 * (1.0 - (double)it / iterations);
            for (var i = 0; i < n; i++)
            {
                dx[i] -= gravity * (x[i] - 0.5) / k;
                dy[i] -= gravity * (y[i] - 0.5) / k;
                var len = Math.Sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
                if (len > 1e-12)
                {
                    var step = Math.Min(len, temperature) / len;
                    x[i] += dx[i] * step;
                    y[i] += dy[i] * step;
                }
            }
        }

        return Normalize(x, y);
    }

    private static void Repel(double[] x, double[] y, double[] dx, double[] dy, int i, int j, double k2, double maxDistance)
    {
        var ex = x[i] - x[j];
        var ey = y[i] - y[j];
        var d2 = ex * ex + ey * ey;
        if (d2 > maxDistance * maxDistance)
        {
            return;
        }

        if (d2 < 1e-12)
        {
            // Coincident nodes: push apart along a direction fixed by their indices.
            ex = 1e-4 * (1 + (i * 7 + j * 13) % 5);
            ey = 1e-4 * (1 + (i * 11 + j * 3) % 7);
            d2 = ex * ex + ey * ey;
        }

        var f = k2 / d2; // (k²/d) along the unit vector (ex, ey)/d
        dx[i] += ex * f;
        dy[i] += ey * f;
        dx[j] -= ex * f;
        dy[j] -= ey * f;
    }

    private static void RepelGrid(double[] x, double[] y, double[] dx, double[] dy, double k2, double cellSize)
    {
        var n = x.Length;
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (var i = 0; i < n; i++)
        {
            minX = Math.Min(minX, x[i]);
            minY = Math.Min(minY, y[i]);
            maxX = Math.Max(maxX, x[i]);
            maxY = Math.Max(maxY, y[i]);
        }

        var cols = Math.Clamp((int)((maxX - minX) / cellSize) + 1, 1, 4096);
        var rows = Math.Clamp((int)((maxY - minY) / cellSize) + 1, 1, 4096);
        var cellOf = new int[n];
        var counts = new int[cols * rows + 1];
        for (var i = 0; i < n; i++)
        {
            var cx = Math.Min(cols - 1, (int)((x[i] - minX) / cellSize));
            var cy = Math.Min(rows - 1, (int)((y[i] - minY) / cellSize));
            cellOf[i] = cy * cols + cx;
            counts[cellOf[i] + 1]++;
        }

        for (var c = 0; c < cols * rows; c++)
        {
            counts[c + 1] += counts[c];
        }

        var order = new int[n];
        var cursor = counts[..^1].ToArray();
        for (var i = 0; i < n; i++)
        {
            order[cursor[cellOf[i]]++] = i;
        }

        for (var i = 0; i < n; i++)
        {
            var cx = cellOf[i] % cols;
            var cy = cellOf[i] / cols;
            for (var oy = -1; oy <= 1; oy++)
            {
                for (var ox = -1; ox <= 1; ox++)
                {
                    var nx = cx + ox;
                    var ny = cy + oy;
                    if (nx < 0 || ny < 0 || nx >= cols || ny >= rows)
                    {
                        continue;
                    }

                    var cell = ny * cols + nx;
                    for (var p = counts[cell]; p < counts[cell + 1]; p++)
                    {
                        var j = order[p];
                        if (j > i)
                        {
                            Repel(x, y, dx, dy, i, j, k2, cellSize);
                        }
                    }
                }
            }
        }
    }

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
