namespace SurveyNetwork.Functions.Tests.Analytics;

/// <summary>
/// Slow, literal evaluations of the definitions on an adjacency matrix, to check the fast
/// implementations against on small graphs.
/// </summary>
internal static class BruteForce
{
    public static bool[,] Adjacency(int n, IEnumerable<(int From, int To)> arcs)
    {
        var a = new bool[n, n];
        foreach (var (from, to) in arcs)
        {
            if (from != to)
            {
                a[from, to] = true;
            }
        }

        return a;
    }

    /// <summary>
    /// Raw betweenness by enumerating every shortest path of every ordered pair (s, t): each path
    /// found by depth-first search of length d(s, t) adds 1/σ_st to each of its inner nodes.
    /// </summary>
    public static double[] Betweenness(bool[,] a)
    {
        var n = a.GetLength(0);
        var result = new double[n];
        for (var s = 0; s < n; s++)
        {
            var dist = Distances(a, s);
            for (var t = 0; t < n; t++)
            {
                if (t == s || dist[t] < 0)
                {
                    continue;
                }

                var paths = new List<int[]>();
                var path = new List<int> { s };
                Enumerate(a, s, t, dist[t], path, paths);
                foreach (var p in paths)
                {
                    for (var k = 1; k < p.Length - 1; k++)
                    {
                        result[p[k]] += 1.0 / paths.Count;
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Textbook Brandes (2001) with predecessor lists and a stack, for graphs too big to enumerate.</summary>
    public static double[] TextbookBrandes(int n, IReadOnlyList<(int From, int To)> arcs)
    {
        var succ = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        foreach (var (from, to) in arcs.Distinct())
        {
            if (from != to)
            {
                succ[from].Add(to);
            }
        }

        var result = new double[n];
        for (var s = 0; s < n; s++)
        {
            var stack = new Stack<int>();
            var pred = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
            var sigma = new double[n];
            var dist = Enumerable.Repeat(-1, n).ToArray();
            sigma[s] = 1;
            dist[s] = 0;
            var queue = new Queue<int>([s]);
            while (queue.TryDequeue(out var v))
            {
                stack.Push(v);
                foreach (var w in succ[v])
                {
                    if (dist[w] < 0)
                    {
                        dist[w] = dist[v] + 1;
                        queue.Enqueue(w);
                    }

                    if (dist[w] == dist[v] + 1)
                    {
                        sigma[w] += sigma[v];
                        pred[w].Add(v);
                    }
                }
            }

            var delta = new double[n];
            while (stack.TryPop(out var w))
            {
                foreach (var v in pred[w])
                {
                    delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
                }

                if (w != s)
                {
                    result[w] += delta[w];
                }
            }
        }

        return result;
    }

    private static void Enumerate(bool[,] a, int v, int t, int remaining, List<int> path, List<int[]> paths)
    {
        if (remaining == 0)
        {
            if (v == t)
            {
                paths.Add(path.ToArray());
            }

            return;
        }

        for (var w = 0; w < a.GetLength(0); w++)
        {
            if (a[v, w] && !path.Contains(w))
            {
                path.Add(w);
                Enumerate(a, w, t, remaining - 1, path, paths);
                path.RemoveAt(path.Count - 1);
            }
        }
    }

    private static int[] Distances(bool[,] a, int s)
    {
        var n = a.GetLength(0);
        var dist = Enumerable.Repeat(-1, n).ToArray();
        dist[s] = 0;
        var queue = new Queue<int>([s]);
        while (queue.TryDequeue(out var v))
        {
            for (var w = 0; w < n; w++)
            {
                if (a[v, w] && dist[w] < 0)
                {
                    dist[w] = dist[v] + 1;
                    queue.Enqueue(w);
                }
            }
        }

        return dist;
    }

    /// <summary>Burt's constraint and effective size straight from the formulas (null for isolates).</summary>
    public static (double? Constraint, double? EffectiveSize)[] Burt(bool[,] a)
    {
        var n = a.GetLength(0);
        double W(int i, int j) => (a[i, j] ? 1 : 0) + (a[j, i] ? 1 : 0);
        int[] N(int i) => Enumerable.Range(0, n).Where(j => j != i && W(i, j) > 0).ToArray();
        double P(int i, int j) => W(i, j) / N(i).Sum(k => W(i, k));
        double M(int j, int q) => W(j, q) / N(j).Max(x => W(j, x));

        var result = new (double?, double?)[n];
        for (var i = 0; i < n; i++)
        {
            var ni = N(i);
            if (ni.Length == 0)
            {
                continue;
            }

            var c = ni.Sum(j =>
            {
                var term = P(i, j) + ni.Where(q => q != j).Sum(q => P(i, q) * P(q, j));
                return term * term;
            });
            var es = ni.Sum(j => 1 - ni.Where(q => q != j).Sum(q => P(i, q) * M(j, q)));
            result[i] = (c, es);
        }

        return result;
    }
}
