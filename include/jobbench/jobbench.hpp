// Convenience header including the whole jobbench C++ API: one folder per capability
// (productivity benchmark, register indicators, staff time) plus the shared errors and CSV reader.
#pragma once

#include "jobbench/csv.hpp"
#include "jobbench/errors.hpp"
#include "jobbench/format.hpp"
#include "jobbench/names.hpp"
#include "jobbench/productivity/compare.hpp"
#include "jobbench/productivity/compute.hpp"
#include "jobbench/productivity/data.hpp"
#include "jobbench/productivity/result.hpp"
#include "jobbench/productivity/spec.hpp"
#include "jobbench/productivity/verbal.hpp"
#include "jobbench/register/exact_sum.hpp"
#include "jobbench/register/indicators.hpp"
#include "jobbench/register/iso_week.hpp"
#include "jobbench/register/panel.hpp"
#include "jobbench/register/periods.hpp"
#include "jobbench/register/spec.hpp"
#include "jobbench/staff/roster.hpp"
#include "jobbench/staff/uncertainty.hpp"
