#include <cmath>
#include <limits>

#include "test_support.hpp"

namespace jobbench::test {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(Classify, Thresholds) {
  const ClassThresholds t;  // 0.05, 0.15, 0.25, 0.40
  // The class boundary belongs to the larger class: |d| < same is "samme", |d| == same is not.
  EXPECT_EQ(classify(0.0, 10, 10, t), kClassSame);
  EXPECT_EQ(classify(0.049, 10, 10, t), kClassSame);
  EXPECT_EQ(classify(-0.049, 10, 10, t), kClassSame);
  EXPECT_EQ(classify(0.05, 10, 10, t), kClassSlightlyMore);
  EXPECT_EQ(classify(-0.05, 10, 10, t), kClassSlightlyFewer);
  EXPECT_EQ(classify(0.15, 10, 10, t), kClassMore);
  EXPECT_EQ(classify(-0.15, 10, 10, t), kClassFewer);
  EXPECT_EQ(classify(0.2499, 10, 10, t), kClassMore);
  EXPECT_EQ(classify(0.25, 10, 10, t), kClassConsiderablyMore);
  EXPECT_EQ(classify(-0.25, 10, 10, t), kClassConsiderablyFewer);
  EXPECT_EQ(classify(0.40, 10, 10, t), kClassMarkedlyMore);
  EXPECT_EQ(classify(-0.40, 10, 10, t), kClassMarkedlyFewer);
  EXPECT_EQ(classify(3.0, 10, 10, t), kClassMarkedlyMore);
}

TEST(Classify, SpecialCases) {
  const ClassThresholds t;
  EXPECT_EQ(classify(-1.0, 0.0, 5.0, t), kClassNone);      // nothing while others have some
  EXPECT_EQ(classify(kNaN, 0.0, 0.0, t), kClassSame);      // everybody has nothing
  EXPECT_EQ(classify(kNaN, kNaN, 5.0, t), kClassMissing);  // missing value
  EXPECT_EQ(classify(kNaN, 1.0, 0.0, t), kClassMissing);   // mean 0: no relative difference
  const ClassThresholds custom{0.1, 0.2, 0.3, 0.5};
  EXPECT_EQ(classify(0.08, 1, 1, custom), kClassSame);
  EXPECT_EQ(classify(0.45, 1, 1, custom), kClassConsiderablyMore);
}

TEST(Classify, Labels) {
  EXPECT_EQ(class_label(kClassNone), "ingen");
  EXPECT_EQ(class_label(kClassMarkedlyFewer), "markant færre");
  EXPECT_EQ(class_label(kClassConsiderablyFewer), "betydelig færre");
  EXPECT_EQ(class_label(kClassFewer), "færre");
  EXPECT_EQ(class_label(kClassSlightlyFewer), "lidt færre");
  EXPECT_EQ(class_label(kClassSame), "samme");
  EXPECT_EQ(class_label(kClassSlightlyMore), "lidt flere");
  EXPECT_EQ(class_label(kClassMore), "flere");
  EXPECT_EQ(class_label(kClassConsiderablyMore), "betydelig flere");
  EXPECT_EQ(class_label(kClassMarkedlyMore), "markant flere");
  EXPECT_EQ(class_label(kClassNone, Language::English), "none");
  EXPECT_EQ(class_label(kClassMarkedlyFewer, Language::English), "markedly fewer");
  EXPECT_EQ(class_label(kClassConsiderablyMore, Language::English), "considerably more");
  EXPECT_EQ(class_label(kClassSame, Language::English), "same");
  EXPECT_EQ(class_label(kClassMissing, Language::English), "not available");
  EXPECT_THROW(class_label(7), std::invalid_argument);
  EXPECT_THROW(class_label(-6), std::invalid_argument);
}

TEST(Compare, MeanMedianDiffsAndRanks) {
  Eigen::MatrixXd values(2, 4);
  values << 1, 2, 3, 6,  //
      4, 4, 2, 6;
  const Comparison lower = compare(values, /*higher_is_better=*/false, ClassThresholds{});
  EXPECT_DOUBLE_EQ(lower.mean(0), 3.0);
  EXPECT_DOUBLE_EQ(lower.median(0), 2.5);
  EXPECT_DOUBLE_EQ(lower.median(1), 4.0);
  EXPECT_DOUBLE_EQ(lower.diff_abs(0, 3), 3.0);
  EXPECT_DOUBLE_EQ(lower.diff_rel(0, 0), -2.0 / 3.0);
  EXPECT_EQ(lower.rank.row(1), (Eigen::RowVector4d(2, 2, 1, 4)));
  EXPECT_EQ(lower.verbal_class(0, 2), kClassSame);
  EXPECT_EQ(lower.verbal_class(0, 3), kClassMarkedlyMore);

  const Comparison higher = compare(values, /*higher_is_better=*/true, ClassThresholds{});
  EXPECT_EQ(higher.rank.row(0), (Eigen::RowVector4d(4, 3, 2, 1)));
  EXPECT_EQ(higher.rank.row(1), (Eigen::RowVector4d(2, 2, 4, 1)));
  EXPECT_EQ(higher.mean, lower.mean);
}

TEST(Compare, NaNIsMissing) {
  Eigen::MatrixXd values(3, 4);
  values << 1, kNaN, 3, 8,     //
      kNaN, kNaN, kNaN, kNaN,  //
      0, 0, 0, kNaN;
  const Comparison c = compare(values, /*higher_is_better=*/true, ClassThresholds{});
  EXPECT_DOUBLE_EQ(c.mean(0), 4.0);
  EXPECT_DOUBLE_EQ(c.median(0), 3.0);
  EXPECT_TRUE(std::isnan(c.diff_abs(0, 1)));
  EXPECT_TRUE(std::isnan(c.diff_rel(0, 1)));
  EXPECT_TRUE(std::isnan(c.rank(0, 1)));
  EXPECT_EQ(c.verbal_class(0, 1), kClassMissing);
  EXPECT_EQ(c.rank(0, 3), 1.0);
  EXPECT_EQ(c.rank(0, 2), 2.0);
  EXPECT_EQ(c.rank(0, 0), 3.0);  // NaN does not count as better or worse
  EXPECT_TRUE(std::isnan(c.mean(1)));
  EXPECT_TRUE(std::isnan(c.median(1)));
  EXPECT_TRUE(c.rank.row(1).array().isNaN().all());
  EXPECT_DOUBLE_EQ(c.mean(2), 0.0);
  EXPECT_TRUE(std::isnan(c.diff_rel(2, 0)));  // mean 0
  EXPECT_EQ(c.verbal_class(2, 0), kClassSame);
}

TEST(Compare, MedianHelper) {
  EXPECT_DOUBLE_EQ(median_ignoring_nan(Eigen::Vector3d(3, 1, 2)), 2.0);
  EXPECT_DOUBLE_EQ(median_ignoring_nan(Eigen::Vector4d(4, kNaN, 1, 2)), 2.0);
  EXPECT_TRUE(std::isnan(median_ignoring_nan(Eigen::Vector2d(kNaN, kNaN))));
}

}  // namespace
}  // namespace jobbench::test
