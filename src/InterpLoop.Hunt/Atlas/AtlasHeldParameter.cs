using InterpLoop.Spec.Catalog;

namespace InterpLoop.Hunt.Atlas;

/// <summary>
/// A varied parameter that is not one of the atlas' two axes, held at one value for the whole map: its catalog
/// default when the region contains it (<see cref="IsDefault"/>), else the region's simplest value.
/// </summary>
public sealed record AtlasHeldParameter(string Name, ParameterValue Value, bool IsDefault)
{
    public string Why => IsDefault ? "default" : "simplest in the region";
}
