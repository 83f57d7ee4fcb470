// IlcLocator has no code: see IlcLocator.csproj.
