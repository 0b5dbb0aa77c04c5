// Convenience header including the whole jobbench C++ API.
#pragma once

#include "jobbench/compare.hpp"
#include "jobbench/compute.hpp"
#include "jobbench/csv.hpp"
#include "jobbench/data.hpp"
#include "jobbench/errors.hpp"
#include "jobbench/result.hpp"
#include "jobbench/spec.hpp"
#include "jobbench/verbal.hpp"
