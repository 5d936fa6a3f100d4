namespace InterpLoop.Engine;

/// <summary>Area under the ROC curve by the rank-sum (Mann–Whitney) formula, ties counted half.</summary>
public static class Auroc
{
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSumPositive = 0;
        long positives = 0, negatives = 0;
        int k = 0;
        while (k < order.Length)
        {
            int j = k;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[k]]) j++;
            double averageRank = (k + j) / 2.0 + 1;
            for (int m = k; m <= j; m++)
                if (positive[order[m]]) { rankSumPositive += averageRank; positives++; } else negatives++;
            k = j + 1;
        }
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSumPositive - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }
}
